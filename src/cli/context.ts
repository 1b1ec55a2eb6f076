// What every chain command starts with: its signer (`--from`), the network banner on stderr, the deployed suite.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Suite } from "../chain/deploy";
import { optional, parseDeploymentId } from "./args";
import { announceNetwork } from "./banner";
import { CommandError } from "./errors";
import type { CommonArgs } from "./options";
import { resolveSigner, type Sender } from "./signer";

/** A command's view of the chain: the deployed suite and who signs. */
export interface ChainContext {
  suite: Suite;
  signer: Sender;
}

/**
 * Resolves `--from` (so a bad one stops the command before it connects), announces the network, then loads the
 * suite of `--deployment-id`: what every command that sends starts with.
 */
export async function chainContext(hre: HardhatRuntimeEnvironment, args: CommonArgs): Promise<ChainContext> {
  const signer = await resolveSigner(hre, args);
  return { suite: await suiteContext(hre, args), signer };
}

/**
 * Announces the network and loads the suite of `--deployment-id`, needing no account (a read-only command works
 * on a network configured without keys); a missing or stale deployment becomes the user's one-line error.
 */
export async function suiteContext(hre: HardhatRuntimeEnvironment, args: CommonArgs): Promise<Suite> {
  const { loadDeployedSuite } = await import("../ops/suite");
  const deploymentId = optional(args.deploymentId, "deploymentId", parseDeploymentId);
  await announceNetwork(hre);
  return loadDeployedSuite(hre, deploymentId).catch((error: Error) => {
    throw new CommandError(error.message);
  });
}
