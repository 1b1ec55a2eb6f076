// Settings shared by hardhat.config.ts, tasks and scripts: compiler version and .env-driven networks.
import type { HttpNetworkUserConfig } from "hardhat/types";

/** The one compiler version this project builds with; `solc` in package.json is pinned to it. */
export const SOLC_VERSION = "0.8.30";

/** Variables a network needs from `.env`, by network name. */
export const REQUIRED_ENV: Readonly<Record<string, readonly string[]>> = {
  testnet: ["TESTNET_RPC_URL", "TESTNET_PRIVATE_KEY"],
};

/** Names of the variables `network` needs that are not set. */
export function missingEnv(network: string, env: NodeJS.ProcessEnv = process.env): string[] {
  return (REQUIRED_ENV[network] ?? []).filter((name) => !env[name] || env[name]!.trim() === "");
}

/** Stops with a message naming every missing variable when `network` needs one. */
export function assertNetworkEnv(network: string, env: NodeJS.ProcessEnv = process.env): void {
  const missing = missingEnv(network, env);
  if (missing.length > 0) {
    throw new Error(
      `network "${network}" needs ${missing.join(" and ")} in .env (see .env.example); ${
        missing.length === 1 ? "it is" : "they are"
      } not set`,
    );
  }
}

/**
 * The `testnet` network from `.env`. When the variables are missing the entry still loads (so other networks
 * work), and any command run with `--network testnet` stops in `assertNetworkEnv` naming what is missing.
 */
export function testnetNetwork(env: NodeJS.ProcessEnv = process.env): HttpNetworkUserConfig {
  const key = env.TESTNET_PRIVATE_KEY?.trim();
  return {
    url: env.TESTNET_RPC_URL?.trim() || "http://127.0.0.1:1",
    accounts: key ? [key.startsWith("0x") ? key : `0x${key}`] : [],
    chainId: env.TESTNET_CHAIN_ID ? Number(env.TESTNET_CHAIN_ID) : undefined,
  };
}

/** Whether solidity-coverage is running: its instrumented contracts are bigger and cost more gas than real ones. */
export function isCoverageRun(hre: object): boolean {
  return !!(hre as { __SOLIDITY_COVERAGE_RUNNING?: boolean }).__SOLIDITY_COVERAGE_RUNNING;
}
