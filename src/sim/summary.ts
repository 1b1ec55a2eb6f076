// The summary of a run: who earned what, by role and by epoch, the attackers' outcomes, gas, and the audit.
import type {
  AttackerOutcome,
  ContributorResult,
  EpochPayouts,
  GasStat,
  SimulationSummary,
  WeiString,
} from "../report/types";
import { compareCodeUnits } from "../util/order";
import type { AuditResult } from "./audit";
import { isContributor, type SimState } from "./state";

/** Every contributor of the run with its final entitlement, what it claimed, and how its contributions fared. */
export async function contributorResults(state: SimState): Promise<ContributorResult[]> {
  const claims = state.proofs.at(-1)?.claims ?? [];
  const entitled = new Map(claims.map((c) => [c.account.toLowerCase(), BigInt(c.cumulativeAmount)]));
  const contributors: ContributorResult[] = [];
  for (const actor of state.actors.filter(isContributor)) {
    const mine = state.contributions.filter((c) => c.contributor === actor);
    contributors.push({
      address: actor.address,
      label: actor.label,
      kind: actor.kind,
      entitled: (entitled.get(actor.address.toLowerCase()) ?? 0n).toString(),
      claimed: (await state.suite.rewards.claimed(actor.address)).toString(),
      approved: mine.filter((c) => c.outcome === "approved").length,
      rejected: mine.filter((c) => c.outcome === "rejected").length,
    });
  }
  return contributors;
}

export async function summarize(
  state: SimState,
  auditResult: AuditResult,
  addresses: Record<string, string>,
  contributors: ContributorResult[],
  attackers: AttackerOutcome[],
): Promise<SimulationSummary> {
  const { chainId } = await state.hre.ethers.provider.getNetwork();
  return {
    generatedAt: new Date().toISOString(),
    network: state.hre.network.name,
    chainId: Number(chainId),
    seed: state.options.seed,
    scenario: state.options.scenario,
    options: { ...state.options },
    addresses,
    earningsByRole: await earningsByRole(state),
    contributors,
    epochs: state.epochs.map((e): EpochPayouts => ({
      ...e,
      protocol: e.protocol.toString(),
      agentOwners: e.agentOwners.toString(),
      modelOwners: e.modelOwners.toString(),
      dataPool: e.dataPool.toString(),
    })),
    attackers,
    proposals: state.proposals,
    gas: gasStats(state.gas),
    audit: auditResult,
  };
}

/** What each role earned over the run; rejected stakes are burned (nobody earns them), shown as their own line. */
async function earningsByRole(state: SimState): Promise<Record<string, WeiString>> {
  const byRole = state.epochs.reduce(
    (t, e) => ({
      protocol: t.protocol + e.protocol,
      agentOwners: t.agentOwners + e.agentOwners,
      modelOwners: t.modelOwners + e.modelOwners,
      dataPool: t.dataPool + e.dataPool,
    }),
    { protocol: 0n, agentOwners: 0n, modelOwners: 0n, dataPool: 0n },
  );
  return {
    protocol: byRole.protocol.toString(),
    agentOwners: byRole.agentOwners.toString(),
    modelOwners: byRole.modelOwners.toString(),
    dataContributors: byRole.dataPool.toString(),
    burnedByRejections: (await state.suite.datanet.totalBurned()).toString(),
  };
}

/** Mean and max gas per operation of the ledger, sorted by operation name. */
function gasStats(gas: Map<string, bigint[]>): GasStat[] {
  return [...gas.entries()]
    .map(([operation, list]) => ({
      operation,
      count: list.length,
      mean: Number(list.reduce((a, b) => a + b, 0n)) / list.length,
      max: Number(list.reduce((a, b) => (b > a ? b : a), 0n)),
    }))
    .sort((a, b) => compareCodeUnits(a.operation, b.operation));
}
