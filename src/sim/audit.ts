// The end-of-run audit: every OPEN accounted for, every claim backed by a proof, every stake where it should be.
import { formatEther, parseEther } from "ethers";
import { ContributionStatus, hasStatus } from "../chain/types";
import type { AuditCheck } from "../report/types";
import { readChallenges } from "../read/challenges";
import { verifyProof } from "../settlement/tree";
import { isContributor, type SimState } from "./state";
import { readRoot } from "../read/roots";

/**
 * OpenToken's fixed supply (its TOTAL_SUPPLY), minted once. The audit compares the balances with this number less
 * what the Datanet burned (rejected stakes), not with `totalSupply()`: OPEN minted later would raise both alike.
 */
export const OPEN_SUPPLY = parseEther("1000000000");

/** The names of the checks, as the summary lists them. */
export const CHECKS = {
  supply: "every OPEN accounted for",
  rewardsBalance: "rewards holds exactly what it owes",
  challengesBalance: "RootChallenges holds exactly the stakes, bonds and what it owes",
  noOverclaim: "no one claimed more than its final entitlement",
  stakes: "stakes held equal pending contributions",
  claimsMatchProofs: "every claim matches its proof",
  claimedInFull: "every entitlement was claimed in full",
  attemptsRefused: "every griefing attempt was refused and moved nothing",
  counterfactual: "the counterfactual run passed its own audit",
  paidAsHonest: "every contributor was paid what the honest run pays",
} as const;

export interface AuditResult {
  ok: boolean;
  checks: AuditCheck[];
}

type Check = (state: SimState) => Promise<AuditCheck | undefined>;

/** Runs every check, in order; the result lists each check that ran. */
export async function audit(state: SimState): Promise<AuditResult> {
  const checks: AuditCheck[] = [];
  const all = [
    supply,
    rewardsBalance,
    challengesBalance,
    noOverclaim,
    stakes,
    claimsMatchProofs,
    claimedInFull,
    attempts,
  ];
  for (const check of all) {
    const result = await check(state);
    if (result) checks.push(result);
  }
  return { ok: checks.every((c) => c.ok), checks };
}

/** The cumulative entitlement of each account (lowercase) in the last proofs file. */
function finalEntitlements(state: SimState): Map<string, bigint> {
  const claims = state.proofs.at(-1)?.claims ?? [];
  return new Map(claims.map((c) => [c.account.toLowerCase(), BigInt(c.cumulativeAmount)]));
}

const supply: Check = async (state) => {
  const { token, datanet } = state.suite;
  const holders = new Set<string>([await state.deployer.getAddress(), ...state.actors.map((a) => a.address)]);
  // Every contract of the suite, the Governor and the timelock included: none may hold OPEN nobody accounts for.
  for (const c of Object.values(state.suite)) holders.add(await c.getAddress());
  let sum = 0n;
  for (const holder of holders) sum += await token.balanceOf(holder);
  const total = await token.totalSupply();
  const burned = await datanet.totalBurned();
  return {
    name: CHECKS.supply,
    ok: sum + burned === OPEN_SUPPLY && total + burned === OPEN_SUPPLY,
    detail:
      `${formatEther(sum)} held by ${holders.size} accounts and contracts, ${formatEther(burned)} burned by ` +
      `rejections; supply ${formatEther(total)}`,
  };
};

const rewardsBalance: Check = async ({ suite: { token, rewards } }) => {
  const held = await token.balanceOf(await rewards.getAddress());
  const owed = await rewards.totalOwed();
  const recomputed =
    (await rewards.totalAccrued()) +
    (await rewards.totalDataPoolFunded()) -
    (await rewards.totalClaimed()) +
    (await rewards.totalCredit());
  return {
    name: CHECKS.rewardsBalance,
    ok: held === owed && owed === recomputed,
    detail: `balance ${formatEther(held)}, owed ${formatEther(owed)}`,
  };
};

/**
 * RootChallenges' balance is its attributors' stakes, the bonds of open challenges and what it owes, and each total
 * is the sum of its parts: the stake of every account that ever staked, the bond of every open challenge, and what
 * it owes everyone a closed challenge credited.
 */
const challengesBalance: Check = async ({ suite: { token, challenges } }) => {
  const held = await token.balanceOf(await challenges.getAddress());
  const { totalStaked, totalBonded, totalOwed, challenges: all } = await readChallenges(challenges);
  const stakers = new Set((await challenges.queryFilter(challenges.filters.Staked())).map((e) => e.args.attributor));
  let stakes = 0n;
  for (const attributor of stakers) {
    const { active, unstaking } = await challenges.stakeOf(attributor);
    stakes += active + unstaking;
  }
  const bonds = all.filter((c) => c.status === "Open").reduce((sum, c) => sum + c.bond, 0n);
  // A closed challenge credits its challenger (upheld) and the treasury its event names (every outcome).
  const creditors = new Set(all.map((c) => c.challenger));
  const closings = [
    challenges.filters.ChallengeUpheld(),
    challenges.filters.ChallengeDismissed(),
    challenges.filters.ChallengeExpired(),
  ] as const;
  for (const filter of closings) {
    for (const event of await challenges.queryFilter(filter)) creditors.add(event.args.treasury);
  }
  let credits = 0n;
  for (const account of creditors) credits += await challenges.owed(account);
  return {
    name: CHECKS.challengesBalance,
    ok:
      held === totalStaked + totalBonded + totalOwed &&
      totalStaked === stakes &&
      totalBonded === bonds &&
      totalOwed === credits,
    detail:
      `balance ${formatEther(held)}: staked ${formatEther(totalStaked)} by ${stakers.size} attributors, ` +
      `bonded ${formatEther(totalBonded)} in ${all.length} challenges, owed ${formatEther(totalOwed)}`,
  };
};

const noOverclaim: Check = async (state) => {
  const entitled = finalEntitlements(state);
  let over = 0;
  for (const actor of state.actors) {
    const claimed = await state.suite.rewards.claimed(actor.address);
    if (claimed > (entitled.get(actor.address.toLowerCase()) ?? 0n)) over++;
  }
  return { name: CHECKS.noOverclaim, ok: over === 0, detail: `${over} accounts over their cumulative entitlement` };
};

const stakes: Check = async (state) => {
  const { token, datanet } = state.suite;
  const staked = await token.balanceOf(await datanet.getAddress());
  let pendingStakes = 0n;
  for (const rec of state.contributions) {
    const onChain = await datanet.getContribution(rec.contributionId);
    if (hasStatus(onChain.status, ContributionStatus.Pending)) pendingStakes += onChain.stake;
  }
  const stillPending = state.contributions.filter((c) => c.outcome === "pending").length;
  return {
    name: CHECKS.stakes,
    ok: staked === pendingStakes && pendingStakes === (await datanet.totalStaked()),
    detail: `held ${formatEther(staked)}, stakes of the ${stillPending} pending contributions ${formatEther(pendingStakes)}`,
  };
};

/**
 * Every Claimed event on-chain must bring its account exactly to the cumulative amount of that epoch's proofs
 * file, every proof in those files must verify against the root posted on-chain, and the events must add up to
 * what the contract says each account claimed.
 */
const claimsMatchProofs: Check = async (state) => {
  const { rewards } = state.suite;
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
    const posted = await readRoot(rewards, proofs.epoch);
    if (posted.root !== proofs.root) unverified += proofs.claims.length;
    else unverified += proofs.claims.filter((c) => !verifyProof(posted.root, c)).length;
  }
  let disagree = 0;
  for (const [account, paid] of paidByAccount) if ((await rewards.claimed(account)) !== paid) disagree++;
  const proofCount = state.proofs.reduce((n, p) => n + p.claims.length, 0);
  return {
    name: CHECKS.claimsMatchProofs,
    ok: mismatched === 0 && unverified === 0 && disagree === 0,
    detail:
      `${events.length} Claimed events, ${mismatched} not matching their epoch's proofs; ` +
      `${proofCount - unverified} of ${proofCount} proofs verify against the posted roots; ` +
      `${disagree} accounts whose events disagree with claimed()`,
  };
};

const claimedInFull: Check = async (state) => {
  const claims = state.proofs.at(-1)?.claims ?? [];
  const paid = await Promise.all(
    claims.map(async (c) => (await state.suite.rewards.claimed(c.account)) === BigInt(c.cumulativeAmount)),
  );
  return {
    name: CHECKS.claimedInFull,
    ok: paid.every(Boolean),
    detail: `${paid.filter(Boolean).length} of ${paid.length} accounts fully paid`,
  };
};

/** Runs only when the scenario made calls the suite must refuse. */
const attempts: Check = async (state) => {
  if (state.attempts.length === 0) return undefined;
  return {
    name: CHECKS.attemptsRefused,
    ok: state.attempts.every((g) => g.refused),
    detail: state.attempts.map((g) => `${g.attempt}: ${g.error}`).join("; "),
  };
};

/**
 * Every contributor of `state` claimed exactly what the same contributor (by label) claimed in `honest`, the
 * counterfactual run: for a scenario whose attack must cost the contributors nothing.
 */
export async function paidAsHonest(state: SimState, honest: SimState): Promise<AuditCheck> {
  const claimedIn = async (run: SimState) => {
    const byLabel = new Map<string, bigint>();
    for (const actor of run.actors.filter(isContributor)) {
      byLabel.set(actor.label, await run.suite.rewards.claimed(actor.address));
    }
    return byLabel;
  };
  const [here, there] = [await claimedIn(state), await claimedIn(honest)];
  const differ = [...new Set([...here.keys(), ...there.keys()])].filter((l) => here.get(l) !== there.get(l));
  const total = [...here.values()].reduce((sum, v) => sum + v, 0n);
  return {
    name: CHECKS.paidAsHonest,
    ok: differ.length === 0,
    detail:
      `${here.size - differ.length} of ${here.size} contributors claimed what they claim in the honest run ` +
      `(${formatEther(total)} in all)` +
      (differ.length > 0 ? `; differ: ${differ.join(", ")}` : ""),
  };
}
