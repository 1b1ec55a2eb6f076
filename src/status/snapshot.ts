// What the status page shows of a deployment, read in one pass: datanets, models, agents, epochs, claims, earners.
import type { Suite } from "../chain/deploy";
import { proofsDir } from "../ops/settlement";
import { readProofsFile } from "../settlement/files";
import { listDatanets, type DatanetView } from "../read/datanets";
import { isoDate } from "../read/json";
import { listAgents, listModels, type AgentSummary, type ModelSummary } from "../read/models";
import { latestProofsFile, readEpoch, readRewardsStatus, type EpochView, type RewardsStatus } from "../read/rewards";

/** An epoch as the page lists it: its state, what it added, and how long until it can be claimed. */
export interface EpochStatus extends EpochView {
  state: "accepted" | "pending" | "revoked" | "superseded";
  /** What this root allocates beyond the previous unrevoked one (0 for a revoked root). */
  payout: bigint;
  /** Seconds from the chain's latest block until the root becomes claimable; 0 once it is. */
  secondsToClaimable: number;
}

/** One account of the latest proofs file: its cumulative entitlement, what it claimed, what it can claim now. */
export interface EarnerStatus {
  account: string;
  cumulativeAmount: bigint;
  claimed: bigint;
  claimable: bigint;
}

export interface StatusSnapshot {
  network: string;
  chainId: number;
  /** The latest block's number and time: the page's "now". */
  blockNumber: number;
  chainTime: string;
  generatedAt: string;
  addresses: Record<keyof Suite, string>;
  datanets: DatanetView[];
  models: ModelSummary[];
  agents: AgentSummary[];
  rewards: RewardsStatus;
  epochs: EpochStatus[];
  /** The proofs file the earners come from (the highest epoch's in the attributor's folder), if there is one. */
  proofsEpoch: number | null;
  /** Every account of that file, most entitled first (ties in address order). */
  earners: EarnerStatus[];
}

/**
 * Reads the whole deployment. `proofs` is the folder of proofs files (the attributor's, `proofsDir` by default);
 * without one the page lists no earners. What an earner can claim counts only when its file's root is the accepted
 * one: a pending root's amounts are not claimable yet.
 */
export async function readStatus(
  suite: Suite,
  network: string,
  options: { proofs?: string } = {},
): Promise<StatusSnapshot> {
  const provider = suite.rewards.runner!.provider!;
  const [net, block, datanets, models, agents, rewards] = await Promise.all([
    provider.getNetwork(),
    provider.getBlock("latest"),
    listDatanets(suite.datanet),
    listModels(suite.models),
    listAgents(suite.agents),
    readRewardsStatus(suite.rewards),
  ]);
  const now = block!.timestamp;
  const epochs = await readEpochs(suite, rewards, now);
  const file = await latestProofsFile(options.proofs ?? (await proofsDir(suite.rewards)));
  const proofs = file ? await readProofsFile(file) : undefined;
  const accepted = epochs.find((e) => e.state === "accepted");
  const claimableRoot = proofs !== undefined && accepted !== undefined && accepted.root === proofs.root;
  const earners = await Promise.all(
    (proofs?.claims ?? []).map(async ({ account, cumulativeAmount }) => {
      const claimed = await suite.rewards.claimed(account);
      const cumulative = BigInt(cumulativeAmount);
      const claimable = claimableRoot && cumulative > claimed ? cumulative - claimed : 0n;
      return { account, cumulativeAmount: cumulative, claimed, claimable };
    }),
  );
  earners.sort((a, b) =>
    a.cumulativeAmount !== b.cumulativeAmount
      ? a.cumulativeAmount > b.cumulativeAmount
        ? -1
        : 1
      : a.account.toLowerCase() < b.account.toLowerCase()
        ? -1
        : 1,
  );
  const addresses = Object.fromEntries(
    await Promise.all(Object.entries(suite).map(async ([name, contract]) => [name, await contract.getAddress()])),
  ) as StatusSnapshot["addresses"];
  return {
    network,
    chainId: Number(net.chainId),
    blockNumber: block!.number,
    chainTime: isoDate(now)!,
    generatedAt: new Date().toISOString(),
    addresses,
    datanets,
    models,
    agents,
    rewards,
    epochs,
    proofsEpoch: proofs?.epoch ?? null,
    earners,
  };
}

async function readEpochs(suite: Suite, rewards: RewardsStatus, now: number): Promise<EpochStatus[]> {
  const views: EpochView[] = [];
  for (let epoch = 1n; epoch <= rewards.epochCount; epoch++) views.push(await readEpoch(suite.rewards, epoch));
  const pending = rewards.pending?.epoch ?? 0n;
  let previous = 0n;
  return views.map((view) => {
    const state: EpochStatus["state"] = view.revoked
      ? "revoked"
      : view.epoch === rewards.acceptedEpoch
        ? "accepted"
        : view.epoch === pending
          ? "pending"
          : "superseded";
    const payout = view.revoked ? 0n : view.totalAllocated - previous;
    if (!view.revoked) previous = view.totalAllocated;
    const claimableAt = view.claimableAt ? Date.parse(view.claimableAt) / 1000 : 0;
    return { ...view, state, payout, secondsToClaimable: Math.max(0, claimableAt - now) };
  });
}
