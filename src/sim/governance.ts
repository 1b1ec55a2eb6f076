// Governance inside a run: a proposal passed by the run's voter through src/gov and src/ops, the clock moved past
// each of the Governor's and the timelock's waits, its transactions booked and its record kept for the report.
import { encodeActions, type ActionInput } from "../gov/actions";
import { governanceOf } from "../gov/deployment";
import { status } from "../gov/proposals";
import { castVote, executeProposal, proposeCalls, queueProposal } from "../ops/governance";
import type { ParameterChange, ProposalSummary } from "../report/types";
import { advanceClock } from "./phases/epoch";
import { book, type SimState } from "./state";

export interface ProposalRequest {
  actions: ActionInput[];
  description: string;
  /** Reads the parameters the proposal changes, by name: called before it is proposed and after it is executed. */
  read(): Promise<Record<string, string>>;
}

/**
 * Proposes `request` as the deployer (whose delegated OPEN passes anything alone), votes For, queues and executes
 * it, waiting out the voting delay, the voting period and the timelock delay; records it in `state.proposals`.
 */
export async function passProposal(state: SimState, request: ProposalRequest): Promise<ProposalSummary> {
  const gov = await governanceOf(state.suite);
  const { governor, timelock } = gov;
  const voter = state.deployer;
  const before = await request.read();
  const calls = encodeActions(request.actions, gov.names);
  const { id } = book(state, "governor.propose", await proposeCalls(gov, voter, calls, request.description));
  await advanceClock(state.hre, Number(await governor.votingDelay()) + 1);
  book(state, "governor.castVote", await castVote(gov, voter, id, "for"));
  await advanceClock(state.hre, Number(await governor.votingPeriod()));
  book(state, "governor.queue", await queueProposal(gov, voter, id));
  await advanceClock(state.hre, Number(await timelock.getMinDelay()));
  book(state, "governor.execute", await executeProposal(gov, voter, id));
  const after = await request.read();
  const now = await status(gov, id);
  const summary: ProposalSummary = {
    id: id.toString(),
    description: request.description,
    actions: request.actions.map((a) => `${a.target}.${a.signature.split("(")[0]}(${formatArgs(a.args ?? [])})`),
    changes: Object.keys(after).map((parameter): ParameterChange => ({
      parameter,
      before: before[parameter],
      after: after[parameter],
    })),
    state: now.state,
    votes: {
      for: now.votes.for.toString(),
      against: now.votes.against.toString(),
      abstain: now.votes.abstain.toString(),
    },
    quorum: (now.quorum ?? 0n).toString(),
  };
  state.proposals.push(summary);
  return summary;
}

/** A call's arguments as Solidity would write them: tuples in parentheses, the rest as given. */
function formatArgs(args: readonly unknown[]): string {
  return args.map((a) => (Array.isArray(a) ? `(${formatArgs(a)})` : String(a))).join(", ");
}
