// The challenge scenario: the attributor posts a root that moves the last epoch's data-pool money from the
// contributors to itself; a watcher verifies it, challenges with the report, a governance vote upholds the challenge,
// the attributor's stake is slashed, and the corrected root it posts pays the contributors.
import path from "node:path";
import { formatEther } from "ethers";
import { CHALLENGE_DEFAULTS } from "../../gov/parameters";
import { resolutionActions, resolutionDescription } from "../../gov/resolution";
import { challengeRoot, stake, withdrawOwed } from "../../ops/challenges";
import { mined } from "../../ops/result";
import { settleNextEpoch, verifyEpoch } from "../../ops/settlement";
import { CHALLENGE_STATUSES } from "../../read/challenges";
import type { AttackerOutcome } from "../../report/types";
import { writeProofsFile, writeSettlement, type ProofEntry } from "../../settlement/files";
import { buildEntitlementTree, proofEntries } from "../../settlement/tree";
import { paidAsHonest } from "../audit";
import { passProposal } from "../governance";
import { book, makeActor, type Actor, type SimState } from "../state";
import { attempt } from "./attempts";
import type { OutcomeContext, Scenario } from "./scenario";
import { readRoot } from "../../read/roots";

/** The minimum stake to post in this scenario: the contract's default, which real deployments get. */
const MIN_STAKE = CHALLENGE_DEFAULTS.minAttributorStake;
/** The attributor stakes twice the minimum, so that after an upheld challenge (half slashed) it can still post. */
const STAKED = 2n * MIN_STAKE;

/** What one run's attack did, for its outcome. */
interface ChallengeRecord {
  attributor: Actor;
  watcher: Actor;
  epoch?: number;
  stolen?: bigint;
  leaves?: number;
  challengeId?: bigint;
  proposalState?: string;
  slashed?: bigint;
  watcherPaid?: bigint;
  corrected?: { epoch: number; ok: boolean };
  /** The attributor's holdings (balance, stake, owed) and stake at the end of the run's last epoch. */
  held?: bigint;
  stakeLeft?: bigint;
}
const records = new WeakMap<SimState, ChallengeRecord>();

export const challenge: Scenario = {
  name: "challenge",
  description:
    "the attributor posts a root paying itself; a challenge upheld by a vote must slash it, and nobody is short",
  // The counterfactual run: the same attributor, stake and watcher, and only honest roots.
  counterfactual: true,
  minAttributorStake: MIN_STAKE,
  async afterRegister(state) {
    const attributor = await makeActor(state, "attributor", "attributor", STAKED);
    const watcher = await makeActor(state, "watcher", "watcher", await state.suite.challenges.challengeBond());
    const { rewards, challenges, token } = state.suite;
    // Setup, as the deployer keeps the admin role on a development chain: the attributor's key gets the role.
    await mined(rewards.connect(state.deployer).grantRole(await rewards.ATTRIBUTOR_ROLE(), attributor.address));
    book(state, "challenges.stake", await stake(challenges, token, attributor.signer, STAKED));
    state.attributor = attributor.signer;
    records.set(state, { attributor, watcher });
  },
  async beforeSettle(state, epoch) {
    if (state.options.counterfactual || epoch !== state.options.epochs) return;
    const record = records.get(state)!;
    const posted = await postStolenRoot(state, record);
    await attempt(
      state,
      "claim from the root it posted, while challenged",
      posted.expectedRefusal,
      () =>
        state.suite.rewards
          .connect(record.attributor.signer)
          .claim(posted.leaf.account, posted.leaf.cumulativeAmount, posted.leaf.proof),
      async () => [await state.suite.token.balanceOf(await state.suite.rewards.getAddress())],
    );
    await challengeAndUphold(state, record);
  },
  async afterPost(state, { proofs }) {
    // The watcher checks the root posted after the revoked one as well.
    const record = records.get(state)!;
    if (record.epoch === undefined || record.corrected) return;
    const { datanet, models, rewards } = state.suite;
    const report = await verifyEpoch({ datanet, models, rewards }, state.store, proofs.epoch);
    record.corrected = { epoch: proofs.epoch, ok: report.ok };
  },
  async afterSettle(state, { epoch }) {
    if (epoch !== state.options.epochs) return;
    // The attributor's last move was its last post: what it holds now is what it ends with.
    const record = records.get(state)!;
    const { active, unstaking } = await state.suite.challenges.stakeOf(record.attributor.address);
    record.stakeLeft = active + unstaking;
    record.held = await holdings(state, record.attributor.address);
  },
  outcomes: (context) => (context.counterfactual ? [outcome(context)] : []),
  checks: async ({ state, counterfactual }) => (counterfactual ? [await paidAsHonest(state, counterfactual)] : []),
};

/**
 * Settles the epoch honestly without posting, moves what every contributor gained in it to the attributor's own
 * account, publishes that file and posts its root as the attributor. Returns the attributor's leaf and how a claim
 * with it must be refused while the root is held.
 */
async function postStolenRoot(state: SimState, record: ChallengeRecord) {
  const { datanet, models, rewards } = state.suite;
  const baseDir = path.join(state.workDir, "settlements");
  const honest = await settleNextEpoch({ datanet, models, rewards }, state.store, state.attributor, {
    log: state.log,
    baseDir,
    dryRun: true,
  });
  const thief = record.attributor.address;
  const cumulative = new Map(honest.file.cumulative.map((e) => [e.account.toLowerCase(), BigInt(e.amount)]));
  let stolen = 0n;
  for (const [account, gained] of honest.gained) {
    const key = account.toLowerCase();
    cumulative.set(key, cumulative.get(key)! - gained);
    stolen += gained;
  }
  cumulative.set(thief.toLowerCase(), (cumulative.get(thief.toLowerCase()) ?? 0n) + stolen);
  const { root, totalAllocated, tree } = buildEntitlementTree(cumulative);
  const claims = proofEntries(tree);
  const file = {
    ...honest.file,
    cumulative: claims.map((p) => ({ account: p.account, amount: p.cumulativeAmount })),
    root,
    totalAllocated: totalAllocated.toString(),
  };
  // Published like any settlement (the store, and the proofs file beside the others), so that anyone can check it.
  const published = await writeSettlement(state.store, file);
  await writeProofsFile(honest.files.proofs, { ...honest.proofs, root, totalAllocated: file.totalAllocated, claims });
  const sent = rewards.connect(state.attributor).postRoot(root, totalAllocated, published.dataHash, published.uri);
  book(state, "rewards.postRoot", { transactions: [await mined(sent)] });
  record.epoch = honest.epoch;
  record.stolen = stolen;
  const leaf: ProofEntry = claims.find((p) => p.account.toLowerCase() === thief.toLowerCase())!;
  // Claims are checked against the accepted root: the one before, or none yet.
  const expectedRefusal = (await rewards.acceptedEpoch()) === 0n ? "NoAcceptedRoot" : "InvalidProof";
  return { leaf, expectedRefusal };
}

/**
 * The watcher verifies the posted root from public inputs and challenges it with the JSON report; governance passes
 * the proposal that upholds the challenge; the watcher withdraws its bond and reward.
 */
async function challengeAndUphold(state: SimState, record: ChallengeRecord) {
  const { datanet, models, rewards, challenges, token } = state.suite;
  const epoch = record.epoch!;
  const report = await verifyEpoch({ datanet, models, rewards }, state.store, epoch);
  record.leaves = report.leaves.length;
  if (report.ok) throw new Error(`the watcher's verify passed the root of epoch ${epoch} that pays the attributor`);
  const evidence = Buffer.from(JSON.stringify(report, null, 2), "utf8");
  const opened = await challengeRoot(challenges, token, record.watcher.signer, {
    epoch: BigInt(epoch),
    evidence,
    store: state.store,
  });
  book(state, "challenges.challengeRoot", opened);
  record.challengeId = opened.challengeId;
  const stakeOf = async () => {
    const { active, unstaking } = await challenges.stakeOf(record.attributor.address);
    return active + unstaking;
  };
  const before = await stakeOf();
  const proposal = await passProposal(state, {
    actions: resolutionActions("challenge", opened.challengeId, "uphold"),
    description: resolutionDescription("challenge", opened.challengeId, "uphold", BigInt(epoch), opened.evidenceURI),
    read: async () => ({
      [`RootChallenges.challenge ${opened.challengeId}`]:
        CHALLENGE_STATUSES[Number((await challenges.getChallenge(opened.challengeId)).status)],
      [`AttributionRewards.epoch ${epoch}`]: (await readRoot(rewards, epoch)).revoked ? "revoked" : "pending",
      "RootChallenges.attributor stake": `${formatEther(await stakeOf())} OPEN`,
    }),
  });
  record.proposalState = proposal.state;
  record.slashed = before - (await stakeOf());
  record.watcherPaid = book(state, "challenges.withdraw", await withdrawOwed(challenges, record.watcher.signer)).amount;
}

/** What the attributor holds, in wei of OPEN: its balance, its stake and what RootChallenges owes it. */
async function holdings(state: SimState, attributor: string): Promise<bigint> {
  const { token, challenges } = state.suite;
  const { active, unstaking } = await challenges.stakeOf(attributor);
  return (await token.balanceOf(attributor)) + active + unstaking + (await challenges.owed(attributor));
}

/**
 * The attack against the honest run: what the attributor earned (its holdings less what it was given) in each, and
 * whether any contributor ended short of its entitlement there or of what it was paid.
 */
function outcome({ state, contributors, counterfactual }: OutcomeContext): AttackerOutcome {
  const record = records.get(state)!;
  const earned = record.held! - STAKED;
  const honestEarned = records.get(counterfactual!)!.held! - STAKED;
  const honestEntitled = new Map(
    (counterfactual!.proofs.at(-1)?.claims ?? []).map((c) => [c.account.toLowerCase(), BigInt(c.cumulativeAmount)]),
  );
  const short = contributors.filter(
    (c) =>
      BigInt(c.claimed) < BigInt(c.entitled) || BigInt(c.claimed) < (honestEntitled.get(c.address.toLowerCase()) ?? 0n),
  );
  const stakeLeft = record.stakeLeft!;
  return {
    scenario: "challenge",
    attacker: "the attributor, posting a root that pays itself",
    earned: earned.toString(),
    imitated: "the same attributor posting honest roots (measured in a second run)",
    imitatedEarned: honestEarned.toString(),
    expectation: "ends with less than it staked, and no contributor is short",
    met: stakeLeft < STAKED && earned < honestEarned && short.length === 0,
    note:
      `its root of epoch ${record.epoch} moved ${formatEther(record.stolen!)} OPEN to itself; the watcher's verify ` +
      `found ${record.leaves} leaves differing and challenged with the report; governance upheld challenge ` +
      `${record.challengeId} (proposal ${record.proposalState}), slashing ${formatEther(record.slashed!)} OPEN of its ` +
      `stake, and paid the watcher ${formatEther(record.watcherPaid!)} OPEN (bond and reward); the corrected root of ` +
      `epoch ${record.corrected?.epoch} ${record.corrected?.ok ? "verified clean" : "did NOT verify"}; ` +
      `${short.length} contributors short`,
  };
}
