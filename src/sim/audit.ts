// The end-of-run audit and the summary: every OPEN accounted for, and who earned what.
import { formatEther } from "ethers";
import type { AttackerOutcome, AuditCheck, ContributorResult, GasStat, SimulationSummary } from "../report/types";
import type { ContributorKind } from "../report/types";
import { verifyProof } from "../settlement/tree";
import type { SimState } from "./run";

/** IDatanet.Status.Pending. */
const PENDING = 1n;

export async function audit(state: SimState): Promise<{ ok: boolean; checks: AuditCheck[] }> {
  const { token, datanet, models, agents, rewards } = state.suite;
  const checks: AuditCheck[] = [];
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const holders = new Set<string>([await state.deployer.getAddress(), ...state.actors.map((a) => a.address)]);
  for (const c of [token, datanet, models, agents, rewards]) holders.add(await c.getAddress());
  let sum = 0n;
  for (const holder of holders) sum += await token.balanceOf(holder);
  const supply = await token.totalSupply();
  check(
    "every OPEN accounted for",
    sum === supply,
    `${formatEther(sum)} held by ${holders.size} accounts and contracts; supply ${formatEther(supply)}`,
  );

  const held = await token.balanceOf(await rewards.getAddress());
  const owed = await rewards.totalOwed();
  const recomputed =
    (await rewards.totalAccrued()) + (await rewards.totalDataPoolFunded()) - (await rewards.totalClaimed());
  check(
    "rewards holds exactly what it owes",
    held === owed && owed === recomputed,
    `balance ${formatEther(held)}, owed ${formatEther(owed)}`,
  );

  const last = state.proofs.at(-1);
  const entitled = new Map((last?.claims ?? []).map((c) => [c.account.toLowerCase(), BigInt(c.cumulativeAmount)]));
  let over = 0;
  for (const actor of state.actors) {
    const claimed = await rewards.claimed(actor.address);
    if (claimed > (entitled.get(actor.address.toLowerCase()) ?? 0n)) over++;
  }
  check(
    "no one claimed more than its final entitlement",
    over === 0,
    `${over} accounts over their cumulative entitlement`,
  );

  const staked = await token.balanceOf(await datanet.getAddress());
  let pendingStakes = 0n;
  for (const rec of state.contributions) {
    const onChain = await datanet.getContribution(rec.contributionId);
    if (onChain.status === PENDING) pendingStakes += onChain.stake;
  }
  const stillPending = state.contributions.filter((c) => c.outcome === "pending").length;
  check(
    "stakes held equal pending contributions",
    staked === pendingStakes && pendingStakes === (await datanet.totalStaked()),
    `held ${formatEther(staked)}, stakes of the ${stillPending} pending contributions ${formatEther(pendingStakes)}`,
  );

  // Every Claimed event on-chain must bring its account exactly to the cumulative amount of that epoch's proofs
  // file, every proof in those files must verify against the root posted on-chain, and the events must add up to
  // what the contract says each account claimed.
  const events = await rewards.queryFilter(rewards.filters.Claimed());
  const proofsByEpoch = new Map(state.proofs.map((p) => [BigInt(p.epoch), p]));
  const paidByAccount = new Map<string, bigint>();
  let mismatched = 0;
  for (const event of events) {
    const { epoch, account, amount, cumulativeClaimed } = event.args;
    const entry = proofsByEpoch.get(epoch)?.claims.find((c) => c.account.toLowerCase() === account.toLowerCase());
    if (!entry || BigInt(entry.cumulativeAmount) !== cumulativeClaimed) mismatched++;
    paidByAccount.set(account.toLowerCase(), (paidByAccount.get(account.toLowerCase()) ?? 0n) + amount);
  }
  let unverified = 0;
  for (const proofs of state.proofs) {
    const posted = await rewards.getEpoch(proofs.epoch);
    if (posted.root !== proofs.root) unverified += proofs.claims.length;
    else unverified += proofs.claims.filter((c) => !verifyProof(posted.root, c)).length;
  }
  let disagree = 0;
  for (const [account, paid] of paidByAccount) if ((await rewards.claimed(account)) !== paid) disagree++;
  const proofCount = state.proofs.reduce((n, p) => n + p.claims.length, 0);
  check(
    "every claim matches its proof",
    mismatched === 0 && unverified === 0 && disagree === 0,
    `${events.length} Claimed events, ${mismatched} not matching their epoch's proofs; ` +
      `${proofCount - unverified} of ${proofCount} proofs verify against the posted roots; ` +
      `${disagree} accounts whose events disagree with claimed()`,
  );

  const unpaid = last
    ? await Promise.all(last.claims.map(async (c) => (await rewards.claimed(c.account)) === BigInt(c.cumulativeAmount)))
    : [];
  check(
    "every entitlement was claimed in full",
    unpaid.every(Boolean),
    `${unpaid.filter(Boolean).length} of ${unpaid.length} accounts fully paid`,
  );

  const refused = state.griefing.filter((g) => g.refused).length;
  if (state.griefing.length > 0) {
    check(
      "every griefing attempt was refused and moved nothing",
      refused === state.griefing.length,
      state.griefing.map((g) => `${g.attempt}: ${g.error}`).join("; "),
    );
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/** What the sybil party earned, in total, across its accounts. */
export async function sybilPartyEarnings(state: SimState): Promise<bigint> {
  const last = state.proofs.at(-1);
  const sybils = new Set(state.actors.filter((a) => a.kind === "sybil").map((a) => a.address.toLowerCase()));
  return (last?.claims ?? [])
    .filter((c) => sybils.has(c.account.toLowerCase()))
    .reduce((sum, c) => sum + BigInt(c.cumulativeAmount), 0n);
}

export async function summarize(
  state: SimState,
  auditResult: { ok: boolean; checks: AuditCheck[] },
  addresses: Record<string, string>,
  counterfactual: { sybilAsOneAccount?: bigint } = {},
): Promise<SimulationSummary> {
  const { rewards, datanet } = state.suite;
  const last = state.proofs.at(-1);
  const entitled = new Map((last?.claims ?? []).map((c) => [c.account.toLowerCase(), BigInt(c.cumulativeAmount)]));
  const contributors: ContributorResult[] = [];
  for (const actor of state.actors.filter((a) => ["honest", "spam", "copycat", "sybil"].includes(a.kind))) {
    const mine = state.contributions.filter((c) => c.contributor === actor);
    contributors.push({
      address: actor.address,
      label: actor.label,
      kind: actor.kind as ContributorKind,
      entitled: (entitled.get(actor.address.toLowerCase()) ?? 0n).toString(),
      claimed: (await rewards.claimed(actor.address)).toString(),
      approved: mine.filter((c) => c.outcome === "approved").length,
      rejected: mine.filter((c) => c.outcome === "rejected").length,
    });
  }
  const earned = (label: string) => BigInt(contributors.find((c) => c.label === label)?.entitled ?? "0");
  const attackers: AttackerOutcome[] = [];
  for (const c of contributors.filter((c) => c.kind === "copycat")) {
    const author = state.contributions.find((r) => r.contributor.label === c.label)?.imitates ?? "";
    const mine = BigInt(c.entitled);
    attackers.push({
      scenario: "copycat",
      attacker: c.label,
      earned: c.entitled,
      imitated: author,
      imitatedEarned: earned(author).toString(),
      expectation: "far less than the author (at most 10%)",
      met: mine * 10n <= earned(author),
      note: state.contributions.find((r) => r.contributor.label === c.label)?.reason,
    });
  }
  for (const c of contributors.filter((c) => c.kind === "spam")) {
    attackers.push({
      scenario: "spam",
      attacker: c.label,
      earned: c.entitled,
      expectation: "nothing; stakes slashed",
      met: BigInt(c.entitled) === 0n && c.approved === 0,
    });
  }
  const sybils = contributors.filter((c) => c.kind === "sybil");
  if (sybils.length > 0 && counterfactual.sybilAsOneAccount !== undefined) {
    const total = sybils.reduce((s, c) => s + BigInt(c.entitled), 0n);
    const asOne = counterfactual.sybilAsOneAccount;
    attackers.push({
      scenario: "sybil",
      attacker: `${sybils.length} accounts of one party`,
      earned: total.toString(),
      imitated: "the same files, whole, from one account (measured in a second run)",
      imitatedEarned: asOne.toString(),
      expectation: "no more than as one account",
      met: total <= asOne,
      note:
        "a second run on a fresh deployment, same seed and same everything else, submits the party's files whole " +
        "from one account; attribution pays per contribution, the remainder by bytes × quality, and halves lose " +
        "the spans that cross the cut",
    });
  }
  for (const g of state.griefing) {
    attackers.push({
      scenario: "griefing",
      attacker: g.attempt,
      earned: "0",
      expectation: "refused, nothing moved",
      met: g.refused,
      note: g.error,
    });
  }
  const gas: GasStat[] = [...state.gas.entries()]
    .map(([operation, list]) => ({
      operation,
      count: list.length,
      mean: Number(list.reduce((a, b) => a + b, 0n)) / list.length,
      max: Number(list.reduce((a, b) => (b > a ? b : a), 0n)),
    }))
    .sort((a, b) => a.operation.localeCompare(b.operation));
  const byRole = state.epochs.reduce(
    (t, e) => ({
      protocol: t.protocol + e.protocol,
      agentOwners: t.agentOwners + e.agentOwners,
      modelOwners: t.modelOwners + e.modelOwners,
      dataPool: t.dataPool + e.dataPool,
    }),
    { protocol: 0n, agentOwners: 0n, modelOwners: 0n, dataPool: 0n },
  );
  let slashed = 0n;
  for (const c of state.contributions.filter((c) => c.outcome === "rejected")) {
    slashed += (await datanet.getContribution(c.contributionId)).stake;
  }
  const { chainId } = await state.hre.ethers.provider.getNetwork();
  return {
    generatedAt: new Date().toISOString(),
    network: state.hre.network.name,
    chainId: Number(chainId),
    seed: state.options.seed,
    scenario: state.options.scenario,
    options: { ...state.options },
    addresses,
    earningsByRole: {
      protocol: byRole.protocol.toString(),
      agentOwners: byRole.agentOwners.toString(),
      modelOwners: byRole.modelOwners.toString(),
      dataContributors: byRole.dataPool.toString(),
      datanetTreasuries: slashed.toString(),
    },
    contributors,
    epochs: state.epochs.map((e) => ({
      ...e,
      protocol: e.protocol.toString(),
      agentOwners: e.agentOwners.toString(),
      modelOwners: e.modelOwners.toString(),
      dataPool: e.dataPool.toString(),
    })),
    attackers,
    gas,
    audit: auditResult,
  };
}
