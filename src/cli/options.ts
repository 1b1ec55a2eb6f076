// The options many tasks share, added by one helper so that each is spelled and described once.
import { types } from "hardhat/config";
import type { ConfigurableTaskDefinition } from "hardhat/types";

/** The shared options a task takes, as its arguments hold them. */
export interface CommonArgs {
  deploymentId?: string;
  store?: string;
  registry?: string;
  /** Who signs: an account index, env:NAME or keystore:PATH (src/cli/signer.ts). */
  from?: string;
  /** The environment variable holding a keystore's password. */
  passwordEnv?: string;
}

const DESCRIPTIONS: Record<keyof CommonArgs, string> = {
  deploymentId: "Ignition deployment id to read addresses from (default chain-<chainId>)",
  store: "Content store directory (default $OPENLEDGER_STORE or data/store)",
  registry: "Registry address (default the deployed suite's)",
  from: "Who signs: an account index (default 0), env:NAME (a private key in $NAME) or keystore:PATH",
  passwordEnv: "Environment variable holding the keystore's password (default OPENLEDGER_KEYSTORE_PASSWORD)",
};

/**
 * Adds each of `options` (`--registry`, `--deployment-id`, `--store`, `--from`) to `definition`, in that order;
 * `--from` brings `--password-env` with it.
 */
export function withCommonOptions<T extends ConfigurableTaskDefinition>(
  definition: T,
  options: readonly (keyof CommonArgs)[] = ["deploymentId", "store"],
  describe: Partial<Record<keyof CommonArgs, string>> = {},
): T {
  for (const name of ["registry", "deploymentId", "store", "from", "passwordEnv"] as const) {
    if (!options.includes(name === "passwordEnv" ? "from" : name)) continue;
    definition.addOptionalParam(name, describe[name] ?? DESCRIPTIONS[name], undefined, types.string);
  }
  return definition;
}
