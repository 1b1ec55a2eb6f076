// The options many tasks share, added by one helper so that each is spelled and described once.
import { types } from "hardhat/config";
import type { ConfigurableTaskDefinition } from "hardhat/types";

/** The shared options a task takes, as its arguments hold them. */
export interface CommonArgs {
  deploymentId?: string;
  store?: string;
  registry?: string;
}

const DESCRIPTIONS: Record<keyof CommonArgs, string> = {
  deploymentId: "Ignition deployment id to read addresses from (default chain-<chainId>)",
  store: "Content store directory (default $OPENLEDGER_STORE or data/store)",
  registry: "Registry address (default the deployed suite's)",
};

/** Adds each of `options` (`--deployment-id`, `--store`, `--registry`) to `definition`, in that order. */
export function withCommonOptions<T extends ConfigurableTaskDefinition>(
  definition: T,
  options: readonly (keyof CommonArgs)[] = ["deploymentId", "store"],
  describe: Partial<Record<keyof CommonArgs, string>> = {},
): T {
  for (const name of ["registry", "deploymentId", "store"] as const) {
    if (!options.includes(name)) continue;
    definition.addOptionalParam(name, describe[name] ?? DESCRIPTIONS[name], undefined, types.string);
  }
  return definition;
}
