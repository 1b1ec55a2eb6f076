// The one way a command picks who signs its transactions: `--from` as an account index, `env:NAME` or `keystore:PATH`.
import { readFile } from "node:fs/promises";
import { Wallet, isHexString, type Provider, type Signer } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { argumentError } from "./errors";

/** Where a keystore's password is read from when `--password-env` is not given. */
export const KEYSTORE_PASSWORD_ENV = "OPENLEDGER_KEYSTORE_PASSWORD";

/** A signer whose address is known without a call: what every task prints and compares. */
export type Sender = Signer & { address: string };

/** How `--from` was given, and (for a keystore) which variable holds the password. */
export interface FromArgs {
  from?: string;
  passwordEnv?: string;
}

const RAW_KEY = /^(0x)?[0-9a-fA-F]{64}$/;

/**
 * The signer `--from` names, connected to the network's provider: by default the network's first account. A private
 * key typed on the command line is refused, because it stays in the shell's history and in the process list.
 */
export async function resolveSigner(
  hre: HardhatRuntimeEnvironment,
  args: FromArgs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Sender> {
  const from = args.from?.trim() ?? "0";
  if (RAW_KEY.test(from)) {
    throw argumentError(
      "from",
      "a private key on the command line stays in your shell history and the process list; " +
        "put it in an environment variable and give --from env:NAME, or use --from keystore:PATH",
    );
  }
  if (/^\d+$/.test(from)) return accountAt(hre, Number(from));
  if (from.startsWith("env:")) return walletFromEnv(from.slice(4), hre.ethers.provider, env);
  if (from.startsWith("keystore:")) {
    return walletFromKeystore(from.slice(9), args.passwordEnv ?? KEYSTORE_PASSWORD_ENV, hre.ethers.provider, env);
  }
  throw argumentError("from", `"${from}" is not an account index (0, 1, ...), env:NAME or keystore:PATH`);
}

async function accountAt(hre: HardhatRuntimeEnvironment, index: number): Promise<Sender> {
  const accounts = await hre.ethers.getSigners();
  if (index >= accounts.length) {
    const range = accounts.length === 0 ? "none" : `0 to ${accounts.length - 1}`;
    throw argumentError(
      "from",
      `account ${index} is out of range: network "${hre.network.name}" has ${accounts.length} (${range})`,
    );
  }
  return accounts[index];
}

function walletFromEnv(name: string, provider: Provider, env: NodeJS.ProcessEnv): Sender {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw argumentError("from", `env:${name} does not name an environment variable`);
  }
  const value = env[name]?.trim();
  if (!value) throw argumentError("from", `the environment variable ${name} is not set`);
  const key = value.startsWith("0x") ? value : `0x${value}`;
  if (!isHexString(key, 32)) {
    throw argumentError("from", `the environment variable ${name} does not hold a private key (64 hex digits)`);
  }
  return new Wallet(key, provider);
}

async function walletFromKeystore(
  file: string,
  passwordEnv: string,
  provider: Provider,
  env: NodeJS.ProcessEnv,
): Promise<Sender> {
  if (file === "") throw argumentError("from", "keystore: needs the keystore file's path");
  const password = env[passwordEnv];
  if (password === undefined) {
    throw argumentError(
      "from",
      `the keystore's password goes in the environment variable ${passwordEnv}; it is not set`,
    );
  }
  let json: string;
  try {
    json = await readFile(file, "utf8");
  } catch {
    throw argumentError("from", `no keystore file at ${file}`);
  }
  let wallet;
  try {
    wallet = await Wallet.fromEncryptedJson(json, password);
  } catch (error) {
    const message = (error as Error).message;
    const reason = /password/i.test(message) ? `wrong password (from ${passwordEnv})` : "not a JSON keystore";
    throw argumentError("from", `cannot open keystore ${file}: ${reason}`);
  }
  return wallet.connect(provider) as Sender;
}
