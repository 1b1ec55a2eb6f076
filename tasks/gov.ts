// `gov:propose`, `gov:vote`, `gov:queue`, `gov:execute`, `gov:status`: thin wrappers over src/gov.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { Governance } from "../src/gov/deployment";

interface CommonArgs {
  deploymentId?: string;
  from?: string;
  json: boolean;
}

/** Finds the governance of the deployed suite and runs `command`; a user's mistake becomes one plugin-error line. */
async function withGovernance<T>(
  hre: HardhatRuntimeEnvironment,
  args: CommonArgs,
  command: (gov: Governance) => Promise<T>,
): Promise<T> {
  const { runCommand } = await import("../src/cli/errors");
  return runCommand(async () => {
    const { loadGovernance } = await import("../src/gov/deployment");
    return command(await loadGovernance(hre, args.deploymentId));
  });
}

/** Prints `result` as JSON, or as the lines `human` makes of it. */
async function print<T>(args: CommonArgs, result: T, human: (r: T) => string[]): Promise<T> {
  const { toJson } = await import("../src/gov/format");
  console.log(args.json ? toJson(result) : human(result).join("\n"));
  return result;
}

/** Adds the options every governance task takes (`--from` only to those that send a transaction). */
const common = <T extends ReturnType<typeof task>>(t: T, { signs = true } = {}): T => {
  t.addOptionalParam("deploymentId", "Ignition deployment id to read addresses from", undefined, types.string);
  if (signs) t.addOptionalParam("from", "Account to sign as: an address or an index (default: the first)");
  t.addFlag("json", "Print the result as one JSON document");
  return t;
};

common(task("gov:propose", "Proposes the actions of a JSON file to the Governor and prints the proposal id"))
  .addParam("actions", "JSON file of actions: target, signature, args (and value)", undefined, types.string)
  .addParam("description", "What the proposal does and why (part of its id)", undefined, types.string)
  .setAction(async (args: CommonArgs & { actions: string; description: string }, hre) =>
    withGovernance(hre, args, async (gov) => {
      const { readActions } = await import("../src/gov/actions");
      const { parseSigner } = await import("../src/gov/args");
      const { propose } = await import("../src/gov/proposals");
      const calls = await readActions(args.actions, gov.names);
      const sent = await propose(gov, await parseSigner(hre, args.from), calls, args.description);
      return print(args, sent, (r) => [`Proposed ${r.id} in transaction ${r.txHash}`]);
    }),
  );

common(task("gov:vote", "Votes for, against or abstain on a proposal with the signer's delegated OPEN"))
  .addParam("id", "Proposal id", undefined, types.string)
  .addParam("support", "for, against or abstain", undefined, types.string)
  .addOptionalParam("reason", "A reason recorded with the vote", "", types.string)
  .setAction(async (args: CommonArgs & { id: string; support: string; reason: string }, hre) =>
    withGovernance(hre, args, async (gov) => {
      const { parseProposalId, parseSigner, parseSupport } = await import("../src/gov/args");
      const { vote } = await import("../src/gov/proposals");
      const { formatEther } = await import("ethers");
      const signer = await parseSigner(hre, args.from);
      const cast = await vote(gov, signer, parseProposalId(args.id), parseSupport(args.support), args.reason);
      return print(args, cast, (r) => [
        `${r.voter} voted ${r.support} on ${r.id} with ${formatEther(r.weight)} OPEN in transaction ${r.txHash}`,
      ]);
    }),
  );

common(task("gov:queue", "Queues a succeeded proposal in the timelock and prints when it may be executed"))
  .addParam("id", "Proposal id", undefined, types.string)
  .setAction(async (args: CommonArgs & { id: string }, hre) =>
    withGovernance(hre, args, async (gov) => {
      const { parseProposalId, parseSigner } = await import("../src/gov/args");
      const { queue } = await import("../src/gov/proposals");
      const queued = await queue(gov, await parseSigner(hre, args.from), parseProposalId(args.id));
      return print(args, queued, (r) => [
        `Queued ${r.id} in transaction ${r.txHash}; executable from ${r.eta.toISOString()}`,
      ]);
    }),
  );

common(task("gov:execute", "Executes a queued proposal once its timelock delay has passed"))
  .addParam("id", "Proposal id", undefined, types.string)
  .setAction(async (args: CommonArgs & { id: string }, hre) =>
    withGovernance(hre, args, async (gov) => {
      const { parseProposalId, parseSigner } = await import("../src/gov/args");
      const { execute } = await import("../src/gov/proposals");
      const done = await execute(gov, await parseSigner(hre, args.from), parseProposalId(args.id));
      return print(args, done, (r) => [`Executed ${r.id} in transaction ${r.txHash}`]);
    }),
  );

common(task("gov:status", "Prints a proposal's state, votes, quorum and dates"), { signs: false })
  .addParam("id", "Proposal id", undefined, types.string)
  .setAction(async (args: CommonArgs & { id: string }, hre) =>
    withGovernance(hre, args, async (gov) => {
      const { parseProposalId } = await import("../src/gov/args");
      const { status } = await import("../src/gov/proposals");
      const { statusLines } = await import("../src/gov/format");
      return print(args, await status(gov, parseProposalId(args.id)), statusLines);
    }),
  );
