// `gov:propose`, `gov:vote`, `gov:queue`, `gov:execute`, `gov:status`: thin wrappers over src/gov. Every argument is
// parsed, and `--from` resolved, before anything connects.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { optional, parseDeploymentId } from "../src/cli/args";
import { runCommand as run } from "../src/cli/errors";
import { print, reading, sending, type JsonArgs } from "../src/cli/output";
import type { Governance } from "../src/gov/deployment";

/** Announces the network and finds the governance of the deployed suite of `--deployment-id`. */
async function governance(hre: HardhatRuntimeEnvironment, args: JsonArgs): Promise<Governance> {
  const { announceNetwork } = await import("../src/cli/banner");
  const { loadGovernance } = await import("../src/gov/deployment");
  const deploymentId = optional(args.deploymentId, "deploymentId", parseDeploymentId);
  await announceNetwork(hre);
  return loadGovernance(hre, deploymentId);
}

/** The signer of `--from` and the governance: what every sending governance task starts with. */
async function signed(hre: HardhatRuntimeEnvironment, args: JsonArgs) {
  const { resolveSigner } = await import("../src/cli/signer");
  const signer = await resolveSigner(hre, args);
  return { signer, gov: await governance(hre, args) };
}

sending(task("gov:propose", "Proposes the actions of a JSON file to the Governor and prints the proposal id"))
  .addParam("actions", "JSON file of actions: target, signature, args (and value)", undefined, types.string)
  .addParam("description", "What the proposal does and why (part of its id)", undefined, types.string)
  .setAction(async (args: JsonArgs & { actions: string; description: string }, hre) =>
    run(async () => {
      const { readActions } = await import("../src/gov/actions");
      const { propose } = await import("../src/gov/proposals");
      const { signer, gov } = await signed(hre, args);
      const calls = await readActions(args.actions, gov.names);
      const sent = await propose(gov, signer, calls, args.description);
      return print(args, sent, (r) => [`Proposed ${r.id} in transaction ${r.txHash}`]);
    }),
  );

sending(task("gov:vote", "Votes for, against or abstain on a proposal with the signer's delegated OPEN"))
  .addParam("id", "Proposal id", undefined, types.string)
  .addParam("support", "for, against or abstain", undefined, types.string)
  .addOptionalParam("reason", "A reason recorded with the vote", "", types.string)
  .setAction(async (args: JsonArgs & { id: string; support: string; reason: string }, hre) =>
    run(async () => {
      const { parseProposalId, parseSupport } = await import("../src/gov/args");
      const { vote } = await import("../src/gov/proposals");
      const { formatOpen } = await import("../src/read/json");
      const id = parseProposalId(args.id);
      const support = parseSupport(args.support);
      const { signer, gov } = await signed(hre, args);
      const cast = await vote(gov, signer, id, support, args.reason);
      return print(args, cast, (r) => [
        `${r.voter} voted ${r.support} on ${r.id} with ${formatOpen(r.weight)} in transaction ${r.txHash}`,
      ]);
    }),
  );

sending(task("gov:queue", "Queues a succeeded proposal in the timelock and prints when it may be executed"))
  .addParam("id", "Proposal id", undefined, types.string)
  .setAction(async (args: JsonArgs & { id: string }, hre) =>
    run(async () => {
      const { parseProposalId } = await import("../src/gov/args");
      const { queue } = await import("../src/gov/proposals");
      const id = parseProposalId(args.id);
      const { signer, gov } = await signed(hre, args);
      const queued = await queue(gov, signer, id);
      return print(args, queued, (r) => [
        `Queued ${r.id} in transaction ${r.txHash}; executable from ${r.eta.toISOString()}`,
      ]);
    }),
  );

sending(task("gov:execute", "Executes a queued proposal once its timelock delay has passed"))
  .addParam("id", "Proposal id", undefined, types.string)
  .setAction(async (args: JsonArgs & { id: string }, hre) =>
    run(async () => {
      const { parseProposalId } = await import("../src/gov/args");
      const { execute } = await import("../src/gov/proposals");
      const id = parseProposalId(args.id);
      const { signer, gov } = await signed(hre, args);
      const done = await execute(gov, signer, id);
      return print(args, done, (r) => [`Executed ${r.id} in transaction ${r.txHash}`]);
    }),
  );

reading(task("gov:status", "Prints a proposal's state, votes, quorum and dates"))
  .addParam("id", "Proposal id", undefined, types.string)
  .setAction(async (args: JsonArgs & { id: string }, hre) =>
    run(async () => {
      const { parseProposalId } = await import("../src/gov/args");
      const { status } = await import("../src/gov/proposals");
      const { statusLines } = await import("../src/gov/format");
      const id = parseProposalId(args.id);
      return print(args, await status(await governance(hre, args), id), statusLines);
    }),
  );
