// Agent stakes and complaints on a deployed suite: what `agent:stake`, `agent:unstake`, `agent:complain` and
// `agent:complaints` send and read. Each sending operation approves AgentStakes first when the allowance is short.
import type { AgentStakes, OpenToken } from "../../typechain-types";
import type { Signer } from "ethers";
import { emittedEvent } from "../chain/events";
import { formatDate } from "../read/json";
import { contentHash, type ContentStore } from "../store/ContentStore";
import { approveIfShort, evidenceUri } from "./challenges";
import { mined, type OpResult } from "./result";

/** An agent's stake after a change, and what moved. */
export interface AgentStakeChanged extends OpResult {
  agentId: bigint;
  amount: bigint;
  active: bigint;
  unstaking: bigint;
  /** When the amount waiting to be unstaked may be taken back (0 if none waits). */
  unlockAt: bigint;
}

/** A complaint filed: its id, what it locked and until when governance may resolve it. */
export interface Complained extends OpResult {
  complaintId: bigint;
  agentId: bigint;
  bond: bigint;
  evidenceHash: string;
  evidenceURI: string;
  deadline: bigint;
}

/** The names of IAgentStakes.ComplaintStatus, by value. */
export const COMPLAINT_STATUS = ["None", "Open", "Upheld", "Dismissed", "Expired"] as const;

/** One complaint as `agent:complaints` prints it. */
export interface ComplaintView {
  id: bigint;
  agentId: bigint;
  modelId: bigint;
  inferenceId: string;
  complainant: string;
  bond: bigint;
  status: (typeof COMPLAINT_STATUS)[number];
  deadline: string;
  evidenceURI: string;
}

/** Locks `amount` OPEN for `agentId` (the signer must own the agent). */
export async function stakeAgent(
  stakes: AgentStakes,
  token: OpenToken,
  signer: Signer,
  agentId: bigint,
  amount: bigint,
): Promise<AgentStakeChanged> {
  const transactions = await approveIfShort(stakes, token, signer, amount);
  transactions.push(await mined(stakes.connect(signer).stake(agentId, amount)));
  return changed(stakes, agentId, amount, transactions);
}

/** Asks for `amount` of the agent's active stake back; it may be taken after `unstakeDelay`. */
export async function requestAgentUnstake(
  stakes: AgentStakes,
  signer: Signer,
  agentId: bigint,
  amount: bigint,
): Promise<AgentStakeChanged> {
  const receipt = await mined(stakes.connect(signer).requestUnstake(agentId, amount));
  return changed(stakes, agentId, amount, [receipt]);
}

/** Takes back everything requested for the agent, once its delay has passed, to the signer (its owner). */
export async function completeAgentUnstake(
  stakes: AgentStakes,
  signer: Signer,
  agentId: bigint,
): Promise<AgentStakeChanged> {
  const receipt = await mined(stakes.connect(signer).completeUnstake(agentId));
  const amount = emittedEvent(stakes, receipt, "AgentUnstaked").args.amount as bigint;
  return changed(stakes, agentId, amount, [receipt]);
}

/**
 * Complains about inference `inferenceId` the signer paid for `modelId` through `agentId`, with `evidence`: the
 * hash is its keccak-256; without `uri` the file goes into `store` and the URI names it there. The bond defaults to
 * the contract's `complaintBond`.
 */
export async function complain(
  stakes: AgentStakes,
  token: OpenToken,
  signer: Signer,
  request: {
    agentId: bigint;
    modelId: bigint;
    inferenceId: string;
    evidence: Uint8Array;
    uri?: string;
    bond?: bigint;
    store: ContentStore;
  },
): Promise<Complained> {
  const evidenceHash = contentHash(request.evidence);
  const evidenceURI = request.uri ?? evidenceUri((await request.store.put(request.evidence)).hash);
  const bond = request.bond ?? (await stakes.complaintBond());
  const transactions = await approveIfShort(stakes, token, signer, bond);
  const { agentId, modelId, inferenceId } = request;
  const receipt = await mined(
    stakes.connect(signer).complain(agentId, modelId, inferenceId, bond, evidenceHash, evidenceURI),
  );
  transactions.push(receipt);
  const filed = emittedEvent(stakes, receipt, "ComplaintFiled");
  return {
    transactions,
    complaintId: filed.args.complaintId as bigint,
    agentId,
    bond,
    evidenceHash,
    evidenceURI,
    deadline: filed.args.deadline as bigint,
  };
}

/** Complaint `id` as the tasks print it (status None for an id never filed). */
export async function readComplaint(stakes: AgentStakes, id: bigint): Promise<ComplaintView> {
  const { agentId, modelId, inferenceId, complainant, bond, status, deadline, evidenceURI } =
    await stakes.getComplaint(id);
  const named = COMPLAINT_STATUS[Number(status)];
  return {
    id,
    agentId,
    modelId,
    inferenceId,
    complainant,
    bond,
    status: named,
    deadline: formatDate(deadline),
    evidenceURI,
  };
}

/** Every complaint (or those against `agentId`), oldest first. */
export async function readComplaints(stakes: AgentStakes, agentId?: bigint): Promise<ComplaintView[]> {
  const views: ComplaintView[] = [];
  for (let id = 1n; id <= (await stakes.complaintCount()); id++) {
    const view = await readComplaint(stakes, id);
    if (agentId === undefined || view.agentId === agentId) views.push(view);
  }
  return views;
}

async function changed(
  stakes: AgentStakes,
  agentId: bigint,
  amount: bigint,
  transactions: OpResult["transactions"],
): Promise<AgentStakeChanged> {
  const { active, unstaking, unlockAt } = await stakes.stakeOf(agentId);
  return { transactions, agentId, amount, active, unstaking, unlockAt };
}
