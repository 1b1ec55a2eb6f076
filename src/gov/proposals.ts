// The life of a proposal through the Governor: propose, vote, queue, execute, and its status at any moment.
import type { ContractTransactionReceipt, ContractTransactionResponse, Signer } from "ethers";
import { id as hashText } from "ethers";
import { emittedEvent } from "../chain/events";
import type { ProposalCalls } from "./actions";
import { SUPPORT, type Support } from "./args";
import type { Governance } from "./deployment";
import { asRefusal, CommandError } from "../cli/errors";

/** OpenZeppelin's IGovernor.ProposalState, by index. */
export const STATE_NAMES = ["Pending", "Active", "Canceled", "Defeated", "Succeeded", "Queued", "Expired", "Executed"];

/** A transaction a command sent, and the proposal it acted on. */
export interface Sent {
  id: bigint;
  txHash: string;
}

/** A proposal as the Governor sees it now. Dates are the chain's (the clock is OPEN's timestamps). */
export interface ProposalStatus {
  id: bigint;
  state: string;
  proposer: string;
  description: string;
  votes: { for: bigint; against: bigint; abstain: bigint };
  /** Votes (For + Abstain) needed; null until the snapshot has passed and the supply at it is known. */
  quorum: bigint | null;
  snapshot: Date;
  deadline: Date;
  /** When a queued proposal may be executed; null unless queued. */
  eta: Date | null;
}

/** A proposal's calls and description, read back from its ProposalCreated event. */
export interface CreatedProposal extends ProposalCalls {
  proposer: string;
  description: string;
}

/** A contract method that sends a transaction and can be simulated first. */
interface Method<A extends unknown[]> {
  (...args: A): Promise<ContractTransactionResponse>;
  staticCall(...args: A): Promise<unknown>;
}

/**
 * Simulates, then sends a transaction and waits for it, turning a contract's refusal into an error naming its
 * custom error. The simulation is what gets the revert data: some nodes mine a failing transaction and leave only
 * a status of 0 in the receipt.
 */
async function send<A extends unknown[]>(
  gov: Governance,
  method: Method<A>,
  ...args: A
): Promise<ContractTransactionReceipt> {
  try {
    await method.staticCall(...args);
    const receipt = await (await method(...args)).wait();
    if (!receipt) throw new CommandError("the transaction was dropped");
    return receipt;
  } catch (error) {
    throw asRefusal(error);
  }
}

/** Proposes `calls` with `description` as `signer`; returns the new proposal's id. */
export async function propose(
  gov: Governance,
  signer: Signer,
  calls: ProposalCalls,
  description: string,
): Promise<Sent> {
  if (description.trim() === "") throw new CommandError("--description: a proposal needs a description");
  const governor = gov.governor.connect(signer);
  const receipt = await send(gov, governor.propose, calls.targets, calls.values, calls.calldatas, description);
  const created = emittedEvent(gov.governor, receipt, "ProposalCreated");
  return { id: created.args.proposalId as bigint, txHash: receipt.hash };
}

/** Casts `signer`'s vote on proposal `id`; returns the weight counted. */
export async function vote(gov: Governance, signer: Signer, id: bigint, support: Support, reason = "") {
  await readCreated(gov, id);
  const governor = gov.governor.connect(signer);
  const receipt = await send(gov, governor.castVoteWithReason, id, SUPPORT[support], reason);
  const cast = emittedEvent(gov.governor, receipt, "VoteCast");
  return { id, txHash: receipt.hash, voter: cast.args.voter as string, support, weight: cast.args.weight as bigint };
}

/** Queues a succeeded proposal in the timelock; returns when it may be executed. */
export async function queue(gov: Governance, signer: Signer, id: bigint) {
  const p = await readCreated(gov, id);
  const governor = gov.governor.connect(signer);
  const receipt = await send(gov, governor.queue, p.targets, p.values, p.calldatas, hashText(p.description));
  return { id, txHash: receipt.hash, eta: dateOf(await gov.governor.proposalEta(id)) };
}

/** Executes a queued proposal whose timelock delay has passed. */
export async function execute(gov: Governance, signer: Signer, id: bigint): Promise<Sent> {
  const p = await readCreated(gov, id);
  const governor = gov.governor.connect(signer);
  const receipt = await send(gov, governor.execute, p.targets, p.values, p.calldatas, hashText(p.description));
  return { id, txHash: receipt.hash };
}

/** The proposal's state, votes, quorum and dates. */
export async function status(gov: Governance, id: bigint): Promise<ProposalStatus> {
  const p = await readCreated(gov, id);
  const { governor } = gov;
  const [state, [against, forVotes, abstain], snapshot, deadline, eta, now] = await Promise.all([
    governor.state(id),
    governor.proposalVotes(id),
    governor.proposalSnapshot(id),
    governor.proposalDeadline(id),
    governor.proposalEta(id),
    governor.clock(),
  ]);
  return {
    id,
    state: STATE_NAMES[Number(state)],
    proposer: p.proposer,
    description: p.description,
    votes: { for: forVotes, against, abstain },
    quorum: snapshot < now ? await governor.quorum(snapshot) : null,
    snapshot: dateOf(snapshot),
    deadline: dateOf(deadline),
    eta: eta === 0n ? null : dateOf(eta),
  };
}

/** The calls and description of proposal `id`, from its ProposalCreated event; an error if there is none. */
export async function readCreated(gov: Governance, id: bigint): Promise<CreatedProposal> {
  const events = await gov.governor.queryFilter(gov.governor.filters.ProposalCreated(), 0);
  const event = events.find((e) => e.args.proposalId === id);
  if (!event) throw new CommandError(`--id: no proposal ${id} on this Governor`);
  const { proposer, targets, calldatas, description } = event.args;
  // By index: `values` on an ethers Result is its method, not the event's field.
  return { proposer, targets: [...targets], values: [...event.args[3]], calldatas: [...calldatas], description };
}

function dateOf(seconds: bigint): Date {
  return new Date(Number(seconds) * 1000);
}
