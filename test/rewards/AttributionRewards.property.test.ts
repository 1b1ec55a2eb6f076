// AttributionRewards against a model: random sequences of payments (by two payers, reusing ids, through an adapter
// paying its base a royalty, directly or by vouchers in batches from deposited credit), credit withdrawals, roots, revocations, time, claims and batches that skip what is paid, withdrawals, OPEN
// sent by mistake and swept, share and royalty changes and pauses, with the money invariants checked after every step.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import { SKIP_REASONS, signVoucher, type SignedVoucher, type SkipReason } from "../../src/ops/vouchers";
import { BPS, DEFAULT_SHARES, Entitlements, PAYER_FUNDS, deployRewards } from "../helpers/rewards";
import { expectedSplit, withRoyalty } from "../helpers/split";

// ---------------------------------------------------------------------------------------------------------------
// The world: three models (two with a lineage; model 3 an adapter on model 1), two agents, four contributors, and
// two payers.
// ---------------------------------------------------------------------------------------------------------------

const LINEAGES: Record<number, { datanetId: bigint; version: number; weightBps: number }[]> = {
  1: [
    { datanetId: 1n, version: 1, weightBps: 7_000 },
    { datanetId: 2n, version: 1, weightBps: 3_000 },
  ],
  2: [],
  3: [
    { datanetId: 1n, version: 2, weightBps: 3_333 },
    { datanetId: 2n, version: 1, weightBps: 3_333 },
    { datanetId: 3n, version: 1, weightBps: 3_334 },
  ],
};
const POOLS = [
  [1n, 1],
  [1n, 2],
  [2n, 1],
  [3n, 1],
] as const;
/** Agent id -> the models it uses. */
const AGENT_MODELS: Record<number, number[]> = { 1: [1, 2], 2: [3] };
const UNKNOWN_MODEL = 4;
/** Model 3 is an adapter on model 1, which takes this royalty until a setRoyalty step changes it. */
const ADAPTER = 3;
const BASE = 1;
const INITIAL_ROYALTY_BPS = 1_000n;

async function deployWorld() {
  const ctx = await deployRewards();
  const { models, agents, modelOwner, agentOwner, alice, bob, carol, stranger, treasury, payer } = ctx;
  const modelOwners: Record<number, string> = { 1: modelOwner.address, 2: alice.address, 3: bob.address };
  const agentOwners: Record<number, string> = { 1: agentOwner.address, 2: carol.address };
  for (const id of [1, 2, 3]) {
    await models.setModel(id, modelOwners[id], 0n, true);
    await models.setLineage(id, LINEAGES[id]);
  }
  for (const id of [1, 2]) {
    await agents.setAgent(id, agentOwners[id], 0n, true);
    for (const modelId of AGENT_MODELS[id]) await agents.setUsesModel(id, modelId, true);
  }
  await models.setBase(ADAPTER, BASE);
  await models.setRoyalty(BASE, INITIAL_ROYALTY_BPS);
  const { token, rewards, stranger: secondPayer } = ctx;
  await token.connect(payer).transfer(secondPayer.address, PAYER_FUNDS / 2n);
  await token.connect(secondPayer).approve(rewards, ethers.MaxUint256);
  // The shortest window, so that a run of 30 steps sees roots accepted and claimed.
  await ctx.rewards.connect(ctx.admin).setChallengeWindow(3_600n);
  const contributors = [alice, bob, carol, stranger];
  const parties = [treasury, modelOwner, agentOwner, alice, bob, carol];
  const everyone = [...new Set([payer, ...parties, ...contributors])];
  const payers = [payer, secondPayer];
  return { ...ctx, modelOwners, agentOwners, contributors, parties, everyone, payers };
}

// ---------------------------------------------------------------------------------------------------------------
// Actions
// ---------------------------------------------------------------------------------------------------------------

// Mostly positive fees, small ones to exercise the rounding, and a zero now and then.
const fee = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0n) },
  { weight: 3, arbitrary: fc.bigInt({ min: 1n, max: 30n }) },
  { weight: 6, arbitrary: fc.bigInt({ min: 1n, max: 10n ** 20n }) },
);
const contributor = fc.integer({ min: 0, max: 3 });

const payment = fc.record({
  kind: fc.constant("pay" as const),
  model: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 3 }) }, fc.constant(UNKNOWN_MODEL)),
  agent: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 2 })),
  modelFee: fee,
  agentFee: fee,
  slack: fc.constantFrom(-1n, 0n, 0n, 1_000n, 1_000n),
  reuseId: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  by: fc.integer({ min: 0, max: 1 }),
});
const payer = fc.integer({ min: 0, max: 1 });

const action = fc.oneof(
  { weight: 5, arbitrary: payment },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("payBatch" as const),
      payments: fc.array(payment, { minLength: 1, maxLength: 4 }),
      replayFirst: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("deposit" as const),
      by: payer,
      // Mostly enough for several payments, so that batches pay as well as skip.
      amount: fc.oneof(
        { weight: 1, arbitrary: fc.constant(0n) },
        { weight: 2, arbitrary: fee },
        { weight: 4, arbitrary: fc.bigInt({ min: 10n ** 20n, max: 10n ** 21n }) },
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("requestCredit" as const),
      by: payer,
      quarters: fc.integer({ min: 0, max: 5 }), // of the credit; 5 asks for more than there is
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("withdrawCredit" as const), by: payer }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("setRoyalty" as const), royaltyBps: fc.integer({ min: 0, max: 3_000 }) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("gift" as const), amount: fc.bigInt({ min: 1n, max: 10n ** 18n }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sweep" as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("postRoot" as const),
      // Per-mille of the unallocated funding each contributor gains; the sum stays within the funding.
      gains: fc.array(fc.integer({ min: 0, max: 250 }), { minLength: 4, maxLength: 4 }),
      variant: fc.constantFrom("valid", "valid", "valid", "overFunded", "decreasing"),
      waitOutWindow: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("revoke" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("acceptRoot" as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      seconds: fc.constantFrom(1, 600, 3_598, 3_600, 86_400),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("claim" as const),
      who: contributor,
      tree: fc.constantFrom("accepted", "accepted", "accepted", "latest"),
      tweak: fc.constantFrom("none", "none", "none", "none", "inflate", "wrongProof"),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("claimMany" as const),
      who: fc.uniqueArray(contributor, { minLength: 1, maxLength: 4 }),
      duplicate: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), who: fc.integer({ min: 0, max: 5 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setShares" as const),
      protocolBps: fc.integer({ min: 0, max: 1_100 }),
      agentOwnerBps: fc.integer({ min: 0, max: 4_000 }),
      dataPoolBps: fc.integer({ min: 1_900, max: 10_000 }),
      balanced: fc.integer({ min: 0, max: 4 }).map((n) => n !== 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("setPaused" as const),
      paused: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 3, arbitrary: fc.constant(false) }),
    }),
  },
);
type Action = typeof action extends fc.Arbitrary<infer A> ? A : never;
type Payment = typeof payment extends fc.Arbitrary<infer P> ? P : never;

// ---------------------------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------------------------

interface ModelEpoch {
  tree: Entitlements;
  total: bigint;
  claimableAt: bigint;
}

class Ledger {
  shares = { ...DEFAULT_SHARES };
  accrued = new Map<string, bigint>();
  totalAccrued = 0n;
  funded = 0n;
  pools = new Map<string, bigint>();
  claimed = new Map<string, bigint>();
  totalClaimed = 0n;
  received = new Map<string, bigint>(); // OPEN each contributor was seen to receive from claims
  paidIds: { by: number; model: number; agent: number; id: string }[] = [];
  royaltyBps = INITIAL_ROYALTY_BPS;
  excess = 0n; // OPEN sent to the contract by mistake, not yet swept
  epochs: ModelEpoch[] = []; // epoch n is epochs[n - 1]
  storedAccepted = 0; // as the contract last wrote it
  storedPending = 0;
  paused = false;
  creditOf = new Map<string, bigint>();
  totalCredit = 0n;
  creditRequests = new Map<string, { amount: bigint; readyAt: bigint }>();
  modelFees = new Map<number, bigint>(); // as the last payment set them; zero until then
  agentFees = new Map<number, bigint>();

  /** The accepted and pending epochs at `now`, with the contract's lazy acceptance. */
  at(now: bigint): { accepted: number; pending: number } {
    const pending = this.storedPending;
    if (pending !== 0 && now >= this.epochs[pending - 1].claimableAt) return { accepted: pending, pending: 0 };
    return { accepted: this.storedAccepted, pending };
  }

  promote(now: bigint): void {
    const { accepted, pending } = this.at(now);
    this.storedAccepted = accepted;
    this.storedPending = pending;
  }

  entitlement(epoch: number, account: string): bigint {
    if (epoch === 0) return 0n;
    const tree = this.epochs[epoch - 1].tree;
    return tree.has(account) ? tree.amountOf(account) : 0n;
  }

  credit(map: Map<string, bigint>, key: string, amount: bigint): void {
    map.set(key, (map.get(key) ?? 0n) + amount);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The property
// ---------------------------------------------------------------------------------------------------------------

describe("AttributionRewards (property)", function () {
  it("holds exactly what it owes, and pays no contributor beyond its accepted entitlement, whatever happens", async function () {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 15, maxLength: 30 }), async (actions) => {
        const world = await loadFixture(deployWorld);
        const { rewards, token, models, agents, payer, attributor, guardian, admin } = world;
        const ledger = new Ledger();
        const initialHoldings = await holdings();
        let lastClaimed = await claimedByContributor();
        let ids = 0;
        let nonces = 0;

        async function holdings(): Promise<bigint> {
          const balances = await Promise.all([rewards, ...world.everyone].map((a) => token.balanceOf(a)));
          return balances.reduce((a, b) => a + b, 0n);
        }
        async function claimedByContributor(): Promise<bigint[]> {
          return Promise.all(world.contributors.map((c) => rewards.claimed(c.address)));
        }
        /** Pins the next block one second after the latest, and returns its timestamp. */
        async function nextTimestamp(): Promise<bigint> {
          const next = BigInt(await time.latest()) + 1n;
          await time.setNextBlockTimestamp(next);
          return next;
        }
        /** Sends a transaction that must fail with `error`, or succeed when `error` is null. */
        async function attempt(
          error: string | null,
          send: () => Promise<ContractTransactionResponse>,
          source: BaseContract = rewards,
        ): Promise<boolean> {
          if (error === null) {
            await (await send()).wait();
            return true;
          }
          await expect(send()).to.be.revertedWithCustomError(source, error);
          return false;
        }

        async function setFees(a: Payment): Promise<void> {
          if (a.model !== UNKNOWN_MODEL) {
            await models.setFee(a.model, a.modelFee);
            ledger.modelFees.set(a.model, a.modelFee);
          }
          if (a.agent !== 0) {
            await agents.setFee(a.agent, a.agentFee);
            ledger.agentFees.set(a.agent, a.agentFee);
          }
        }

        /** The payment's id, price and maximum, and the error a single payment of it fails with (null: none). */
        function judge(a: Payment) {
          const known = a.model !== UNKNOWN_MODEL;
          const price =
            (known ? (ledger.modelFees.get(a.model) ?? 0n) : 0n) +
            (a.agent !== 0 ? (ledger.agentFees.get(a.agent) ?? 0n) : 0n);
          const maxPrice = price + a.slack < 0n ? 0n : price + a.slack;
          // A reused id is refused only when the same payer paid it for the same model and agent.
          const reused = a.reuseId && ledger.paidIds.length > 0 ? ledger.paidIds[0] : undefined;
          const id = reused ? reused.id : ethers.zeroPadValue(ethers.toBeHex(++ids), 32);
          const samePayment = ledger.paidIds.some(
            (p) => p.id === id && p.by === a.by && p.model === a.model && p.agent === a.agent,
          );
          const usesModel = a.agent === 0 || AGENT_MODELS[a.agent].includes(a.model);
          let error: string | null = null;
          let source: BaseContract = rewards;
          if (ledger.paused) error = "EnforcedPause";
          else if (samePayment) error = "InferenceAlreadyPaid";
          else if (!known) [error, source] = ["UnknownModel", models];
          else if (!usesModel) error = "AgentDoesNotUseModel";
          else if (price === 0n) error = "ZeroPrice";
          else if (price > maxPrice) error = "PriceAboveMaximum";
          return { id, price, maxPrice, error, source };
        }

        async function pay(a: Payment): Promise<void> {
          await setFees(a);
          const { id, price, maxPrice, error, source } = judge(a);
          await nextTimestamp();
          const ok = await attempt(
            error,
            () => rewards.connect(world.payers[a.by]).payInference(id, a.model, a.agent, maxPrice),
            source,
          );
          if (ok) book(a, id, price);
        }

        /** A single payment's errors as the reasons a batch skips a voucher for. */
        const SKIPPED_FOR: Record<string, SkipReason> = {
          InferenceAlreadyPaid: "AlreadyPaid",
          PriceAboveMaximum: "PriceAboveMaximum",
        };

        /** Pays the payments by vouchers in one batch (the first one again at the end if `replayFirst`). */
        async function payBatch(a: Extract<Action, { kind: "payBatch" }>): Promise<void> {
          for (const p of a.payments) await setFees(p);
          const deadline = BigInt(await time.latest()) + 3_600n;
          const batch: SignedVoucher[] = [];
          const expected: (SkipReason | null)[] = [];
          const booked: { p: Payment; id: string; price: bigint }[] = [];
          const credit = new Map(ledger.creditOf);
          const paidBefore = ledger.paidIds.length;
          for (const p of a.payments) {
            const { id, price, maxPrice, error } = judge(p);
            const signer = world.payers[p.by];
            const voucher = {
              payer: signer.address,
              inferenceId: id,
              modelId: BigInt(p.model),
              agentId: BigInt(p.agent),
              maxPrice,
              deadline,
              nonce: BigInt(++nonces),
            };
            batch.push(await signVoucher(rewards, signer, voucher));
            const left = credit.get(signer.address) ?? 0n;
            let reason: SkipReason | null = null;
            if (error !== null) reason = SKIPPED_FOR[error] ?? "NotPayable";
            else if (price > left) reason = "InsufficientCredit";
            expected.push(reason);
            if (reason !== null) continue;
            // Judged in order: a later voucher sees the credit and paid ids the earlier ones left.
            credit.set(signer.address, left - price);
            ledger.paidIds.push({ by: p.by, model: p.model, agent: p.agent, id });
            booked.push({ p, id, price });
          }
          if (a.replayFirst) {
            batch.push(batch[0]);
            expected.push(expected[0] === null ? "NonceUsed" : expected[0]);
          }
          await nextTimestamp();
          const submit = () => rewards.connect(world.parties[0]).payBatch(batch);
          if (ledger.paused) {
            ledger.paidIds.splice(paidBefore);
            await attempt("EnforcedPause", submit);
            return;
          }
          const receipt = await (await submit()).wait();
          const skipped = receipt!.logs
            .map((log) => rewards.interface.parseLog(log))
            .filter((parsed) => parsed?.name === "VoucherSkipped")
            .map((parsed) => SKIP_REASONS[Number(parsed!.args.reason)]);
          expect(skipped).to.deep.equal(expected.filter((r) => r !== null));
          for (const { price } of booked) ledger.totalCredit -= price;
          ledger.creditOf = credit;
          for (const { p, id, price } of booked) book(p, id, price, false);
        }

        async function deposit(a: Extract<Action, { kind: "deposit" }>): Promise<void> {
          const who = world.payers[a.by];
          await nextTimestamp();
          const error = ledger.paused ? "EnforcedPause" : a.amount === 0n ? "ZeroCreditAmount" : null;
          if (!(await attempt(error, () => rewards.connect(who).depositCredit(a.amount)))) return;
          ledger.creditOf.set(who.address, (ledger.creditOf.get(who.address) ?? 0n) + a.amount);
          ledger.totalCredit += a.amount;
        }

        async function requestCredit(a: Extract<Action, { kind: "requestCredit" }>): Promise<void> {
          const who = world.payers[a.by];
          const credit = ledger.creditOf.get(who.address) ?? 0n;
          const amount = (credit * BigInt(a.quarters)) / 4n;
          const now = await nextTimestamp();
          const error = amount === 0n ? "ZeroCreditAmount" : amount > credit ? "CreditTooLow" : null;
          if (!(await attempt(error, () => rewards.connect(who).requestCreditWithdrawal(amount)))) return;
          ledger.creditRequests.set(who.address, { amount, readyAt: now + 86_400n });
        }

        async function withdrawCredit(a: Extract<Action, { kind: "withdrawCredit" }>): Promise<void> {
          const who = world.payers[a.by];
          const request = ledger.creditRequests.get(who.address);
          const credit = ledger.creditOf.get(who.address) ?? 0n;
          const amount = request && request.amount < credit ? request.amount : credit;
          const now = await nextTimestamp();
          let error: string | null = null;
          if (!request) error = "NoCreditWithdrawal";
          else if (now < request.readyAt) error = "CreditWithdrawalNotReady";
          else if (amount === 0n) error = "NothingToWithdraw";
          const before = await token.balanceOf(who.address);
          if (!(await attempt(error, () => rewards.connect(who).withdrawCredit(who.address)))) return;
          ledger.creditRequests.delete(who.address);
          ledger.creditOf.set(who.address, credit - amount);
          ledger.totalCredit -= amount;
          expect(await token.balanceOf(who.address)).to.equal(before + amount);
        }

        /** Books a paid payment in the model (`record`: also remember its id, done already for a batch). */
        function book(a: Payment, id: string, price: bigint, record = true): void {
          if (record) ledger.paidIds.push({ by: a.by, model: a.model, agent: a.agent, id });
          const hasLineage = LINEAGES[a.model].length > 0;
          let split = expectedSplit(price, ledger.shares, a.agent !== 0, hasLineage);
          if (a.model === ADAPTER) split = withRoyalty(split, ledger.royaltyBps);
          ledger.credit(ledger.accrued, world.treasury.address, split.protocolAmount);
          if (a.agent !== 0) ledger.credit(ledger.accrued, world.agentOwners[a.agent], split.agentOwnerAmount);
          ledger.credit(ledger.accrued, world.modelOwners[a.model], split.modelOwnerAmount);
          if (a.model === ADAPTER && ledger.royaltyBps !== 0n) {
            ledger.credit(ledger.accrued, world.modelOwners[BASE], split.baseOwnerAmount);
            fundPools(BASE, split.baseDataPoolAmount);
          }
          ledger.totalAccrued +=
            split.protocolAmount + split.agentOwnerAmount + split.modelOwnerAmount + split.baseOwnerAmount;
          if (hasLineage) fundPools(a.model, split.dataPoolAmount);
        }

        /** Credits `amount` across a model's lineage as the contract does: entries i > 0 floored, entry 0 the rest. */
        function fundPools(model: number, amount: bigint): void {
          ledger.funded += amount;
          let rest = amount;
          LINEAGES[model].forEach((entry, i) => {
            if (i === 0) return;
            const part = (amount * BigInt(entry.weightBps)) / BPS;
            rest -= part;
            ledger.credit(ledger.pools, `${entry.datanetId}/${entry.version}`, part);
          });
          const first = LINEAGES[model][0];
          ledger.credit(ledger.pools, `${first.datanetId}/${first.version}`, rest);
        }

        async function setRoyalty(a: Extract<Action, { kind: "setRoyalty" }>): Promise<void> {
          await nextTimestamp();
          await (await models.setRoyalty(BASE, a.royaltyBps)).wait();
          ledger.royaltyBps = BigInt(a.royaltyBps);
        }

        async function gift(a: Extract<Action, { kind: "gift" }>): Promise<void> {
          await nextTimestamp();
          await (await token.connect(payer).transfer(rewards, a.amount)).wait();
          ledger.excess += a.amount;
        }

        async function sweep(): Promise<void> {
          await nextTimestamp();
          const treasury = await rewards.protocolTreasury();
          const before = await token.balanceOf(treasury);
          const ok = await attempt(ledger.excess === 0n ? "NothingToSweep" : null, () =>
            rewards.connect(admin).sweep(),
          );
          if (!ok) return;
          expect(await token.balanceOf(treasury)).to.equal(before + ledger.excess);
          ledger.excess = 0n;
        }

        async function postRoot(a: Extract<Action, { kind: "postRoot" }>): Promise<void> {
          const now = await nextTimestamp();
          const { accepted, pending } = ledger.at(now);
          const previous = accepted === 0 ? 0n : ledger.epochs[accepted - 1].total;
          const available = ledger.funded - previous;
          const entries = world.contributors.map((c, i) => {
            const gain = (available * BigInt(a.gains[i])) / 1_000n;
            return [c.address, ledger.entitlement(accepted, c.address) + gain] as [string, bigint];
          });
          const tree = new Entitlements(entries);
          let total = tree.total;
          if (a.variant === "overFunded") total = ledger.funded + 1n;
          if (a.variant === "decreasing" && previous > 0n) total = previous - 1n;
          let error: string | null = null;
          if (pending !== 0) error = "RootPending";
          else if (total > ledger.funded) error = "AllocationExceedsFunding";
          else if (total < previous) error = "AllocationDecreased";
          const ok = await attempt(error, () =>
            rewards.connect(attributor).postRoot(tree.root, total, ethers.id("data"), "ipfs://epoch"),
          );
          if (!ok) return;
          ledger.promote(now);
          ledger.epochs.push({ tree, total, claimableAt: now + (await rewards.challengeWindow()) });
          ledger.storedPending = ledger.epochs.length;
          if (a.waitOutWindow) await time.increase(await rewards.challengeWindow());
        }

        async function revoke(): Promise<void> {
          const now = await nextTimestamp();
          const { pending } = ledger.at(now);
          const ok = await attempt(pending === 0 ? "NoPendingRoot" : null, () =>
            rewards.connect(guardian).revokeRoot(),
          );
          if (ok) ledger.storedPending = 0;
        }

        async function acceptRoot(): Promise<void> {
          const now = await nextTimestamp();
          let error: string | null = null;
          if (ledger.storedPending === 0) error = "NoPendingRoot";
          else if (now < ledger.epochs[ledger.storedPending - 1].claimableAt) error = "RootPending";
          if (await attempt(error, () => rewards.acceptRoot())) ledger.promote(now);
        }

        /** What a claim of `account` for `amount` with `proof` does, given the ledger: an error or the payment. */
        function judgeClaim(accepted: number, account: string, amount: bigint, proof: string[]) {
          const root = ledger.epochs[accepted - 1].tree.root;
          if (!StandardMerkleTree.verify(root, ["address", "uint256"], [account, amount], proof)) {
            return { error: "InvalidProof" };
          }
          const already = ledger.claimed.get(account) ?? 0n;
          if (amount <= already) return { error: "NothingToClaim" };
          if (ledger.totalClaimed + amount - already > ledger.epochs[accepted - 1].total) {
            return { error: "ClaimExceedsAllocation" };
          }
          return { error: null, paid: amount - already };
        }

        function claimArgs(epoch: number, account: string, tweak: string): [string, bigint, string[]] {
          if (epoch === 0) return [account, 1n, []];
          const tree = ledger.epochs[epoch - 1].tree;
          const [, amount, proof] = tree.claimOf(account);
          if (tweak === "inflate") return [account, amount + 1n, proof];
          if (tweak === "wrongProof") {
            const other = world.contributors.find((c) => c.address !== account)!.address;
            return [account, amount, tree.proofOf(other)];
          }
          return [account, amount, proof];
        }

        async function claim(a: Extract<Action, { kind: "claim" }>): Promise<void> {
          const now = await nextTimestamp();
          const { accepted } = ledger.at(now);
          const account = world.contributors[a.who].address;
          const epoch = a.tree === "accepted" ? accepted : ledger.epochs.length;
          const [, amount, proof] = claimArgs(epoch, account, a.tweak);
          let verdict: { error: string | null; paid?: bigint };
          if (ledger.paused) verdict = { error: "EnforcedPause" };
          else if (accepted === 0) verdict = { error: "NoAcceptedRoot" };
          else verdict = judgeClaim(accepted, account, amount, proof);
          const before = await token.balanceOf(account);
          const ok = await attempt(verdict.error, () => rewards.claim(account, amount, proof));
          if (!ok) return;
          ledger.promote(now);
          ledger.claimed.set(account, amount);
          ledger.totalClaimed += verdict.paid!;
          const received = (await token.balanceOf(account)) - before;
          expect(received).to.equal(verdict.paid!);
          ledger.credit(ledger.received, account, received);
        }

        async function claimMany(a: Extract<Action, { kind: "claimMany" }>): Promise<void> {
          const now = await nextTimestamp();
          const { accepted } = ledger.at(now);
          const who = a.duplicate ? [...a.who, a.who[0]] : a.who;
          const claims = who.map((i) => {
            const [account, cumulativeAmount, proof] = claimArgs(accepted, world.contributors[i].address, "none");
            return { account, cumulativeAmount, proof };
          });
          // Judged in order against a copy of the ledger's claims: an entry already paid is skipped, any other
          // refusal sinks the whole batch.
          let error: string | null = null;
          const saved = { claimed: new Map(ledger.claimed), totalClaimed: ledger.totalClaimed };
          if (ledger.paused) error = "EnforcedPause";
          else if (accepted === 0) error = "NoAcceptedRoot";
          else {
            for (const c of claims) {
              const verdict = judgeClaim(accepted, c.account, c.cumulativeAmount, c.proof);
              if (verdict.error === "NothingToClaim") continue;
              if (verdict.error !== null) {
                error = verdict.error;
                break;
              }
              ledger.claimed.set(c.account, c.cumulativeAmount);
              ledger.totalClaimed += verdict.paid!;
            }
          }
          const accounts = [...new Set(claims.map((c) => c.account))];
          const before = await Promise.all(accounts.map((account) => token.balanceOf(account)));
          const ok = await attempt(error, () => rewards.claimMany(claims));
          if (!ok) {
            [ledger.claimed, ledger.totalClaimed] = [saved.claimed, saved.totalClaimed];
            return;
          }
          ledger.promote(now);
          for (const [i, account] of accounts.entries()) {
            const received = (await token.balanceOf(account)) - before[i];
            expect(received).to.equal((ledger.claimed.get(account) ?? 0n) - (saved.claimed.get(account) ?? 0n));
            ledger.credit(ledger.received, account, received);
          }
        }

        async function withdraw(a: Extract<Action, { kind: "withdraw" }>): Promise<void> {
          const party = world.parties[a.who];
          const owed = ledger.accrued.get(party.address) ?? 0n;
          await nextTimestamp();
          const before = await token.balanceOf(party.address);
          const ok = await attempt(owed === 0n ? "NothingToWithdraw" : null, () =>
            rewards.connect(party).withdraw(party.address),
          );
          if (!ok) return;
          ledger.accrued.set(party.address, 0n);
          ledger.totalAccrued -= owed;
          expect(await token.balanceOf(party.address)).to.equal(before + owed);
        }

        async function setShares(a: Extract<Action, { kind: "setShares" }>): Promise<void> {
          const rest = 10_000 - a.protocolBps - a.agentOwnerBps - a.dataPoolBps;
          const modelOwnerBps = a.balanced && rest >= 0 ? rest : 1_234;
          const shares = {
            protocolBps: BigInt(a.protocolBps),
            agentOwnerBps: BigInt(a.agentOwnerBps),
            modelOwnerBps: BigInt(modelOwnerBps),
            dataPoolBps: BigInt(a.dataPoolBps),
          };
          let error: string | null = null;
          if (a.protocolBps + a.agentOwnerBps + modelOwnerBps + a.dataPoolBps !== 10_000) error = "SharesNot10000";
          else if (a.protocolBps > 1_000) error = "ProtocolShareAboveCap";
          else if (a.dataPoolBps < 2_000) error = "DataPoolShareBelowFloor";
          await nextTimestamp();
          if (await attempt(error, () => rewards.connect(admin).setShares(shares))) ledger.shares = shares;
        }

        async function setPaused(a: Extract<Action, { kind: "setPaused" }>): Promise<void> {
          await nextTimestamp();
          if (a.paused) {
            await attempt(ledger.paused ? "EnforcedPause" : null, () => rewards.connect(guardian).pause());
          } else {
            await attempt(ledger.paused ? null : "ExpectedPause", () => rewards.connect(guardian).unpause());
          }
          ledger.paused = a.paused;
        }

        async function checkInvariants(): Promise<void> {
          const [balance, owed, totalAccrued, funded, totalClaimed] = await Promise.all([
            token.balanceOf(rewards),
            rewards.totalOwed(),
            rewards.totalAccrued(),
            rewards.totalDataPoolFunded(),
            rewards.totalClaimed(),
          ]);
          // The contract holds exactly what it owes, plus what was sent to it by mistake and not yet swept.
          expect(balance).to.equal(owed + ledger.excess);
          expect(owed).to.equal(totalAccrued + funded - totalClaimed + (await rewards.totalCredit()));
          expect(await rewards.totalCredit()).to.equal(ledger.totalCredit);
          for (const who of world.payers) {
            expect(await rewards.creditOf(who.address)).to.equal(ledger.creditOf.get(who.address) ?? 0n);
          }
          // And its books are the model's.
          expect([totalAccrued, funded, totalClaimed]).to.deep.equal([
            ledger.totalAccrued,
            ledger.funded,
            ledger.totalClaimed,
          ]);
          for (const party of world.parties) {
            expect(await rewards.accrued(party.address)).to.equal(ledger.accrued.get(party.address) ?? 0n);
          }
          for (const [datanetId, version] of POOLS) {
            expect(await rewards.poolFunded(datanetId, version)).to.equal(
              ledger.pools.get(`${datanetId}/${version}`) ?? 0n,
            );
          }
          const { accepted, pending } = ledger.at(BigInt(await time.latest()));
          expect([await rewards.acceptedEpoch(), await rewards.pendingEpoch()]).to.deep.equal([
            BigInt(accepted),
            BigInt(pending),
          ]);
          // Claims only grow, and no contributor ever received more than its latest accepted entitlement.
          const claimed = await claimedByContributor();
          world.contributors.forEach((c, i) => {
            const received = ledger.received.get(c.address) ?? 0n;
            expect(claimed[i]).to.be.greaterThanOrEqual(lastClaimed[i]);
            expect(claimed[i]).to.equal(received);
            expect(received).to.be.lessThanOrEqual(ledger.entitlement(accepted, c.address));
          });
          lastClaimed = claimed;
          // OPEN is only moved between the parties and the contract, never created or lost.
          expect(await holdings()).to.equal(initialHoldings);
        }

        // Every run starts with a payment, so that roots have something to allocate.
        await pay({
          kind: "pay",
          model: 1,
          agent: 1,
          modelFee: 10n ** 19n,
          agentFee: 10n ** 18n,
          slack: 0n,
          reuseId: false,
          by: 0,
        });
        await checkInvariants();
        for (const a of actions) {
          switch (a.kind) {
            case "pay":
              await pay(a);
              break;
            case "payBatch":
              await payBatch(a);
              break;
            case "deposit":
              await deposit(a);
              break;
            case "requestCredit":
              await requestCredit(a);
              break;
            case "withdrawCredit":
              await withdrawCredit(a);
              break;
            case "postRoot":
              await postRoot(a);
              break;
            case "revoke":
              await revoke();
              break;
            case "acceptRoot":
              await acceptRoot();
              break;
            case "advance":
              await time.increase(a.seconds);
              break;
            case "claim":
              await claim(a);
              break;
            case "claimMany":
              await claimMany(a);
              break;
            case "withdraw":
              await withdraw(a);
              break;
            case "setShares":
              await setShares(a);
              break;
            case "setPaused":
              await setPaused(a);
              break;
            case "setRoyalty":
              await setRoyalty(a);
              break;
            case "gift":
              await gift(a);
              break;
            case "sweep":
              await sweep();
              break;
          }
          await checkInvariants();
        }
      }),
      { numRuns: 40 },
    );
  });
});
