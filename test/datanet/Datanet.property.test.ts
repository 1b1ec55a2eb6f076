// Datanet property test: random sequences of actions by random actors, valid or not, against a model of the
// contract, on a clock the test sets. After every step the stakes, the versions and the OPEN supply must add up: the
// Datanet holds exactly the pending stakes plus stray OPEN not yet swept, and burned stakes left the supply.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";
import { REVIEW_PERIOD, STAKE, Status, contentHash, deployDatanet, type DatanetFixture } from "./fixtures";
import { readSubmissions } from "../../src/read/submissions";

const MAX_BATCH = 100;
const MAX_PAGE = 500n;
const MAX_STAKE = 2n ** 96n - 1n;
const MAX_QUALITY_BPS = 10_000;
/** A small pool, so that duplicates happen; the last entry is the zero hash. */
const HASHES = [..."abcdefgh"].map(contentHash).concat(ethers.ZeroHash);
const STAKES = [0n, 1n, ethers.parseEther("3"), STAKE, MAX_STAKE, MAX_STAKE + 1n];
const HOUR = 3600n;
const DAY = 24n * HOUR;
const [MIN_REVIEW, MAX_REVIEW, REVEAL_WINDOW, COOLDOWN] = [HOUR, 30n * DAY, DAY, 7n * DAY];
const REVIEW_PERIODS = [0n, MIN_REVIEW, REVIEW_PERIOD, MAX_REVIEW, MAX_REVIEW + 1n];
const SALTS = [ethers.id("salt-0"), ethers.id("salt-1")];
const WAITS = [1n, HOUR, REVIEW_PERIOD, REVEAL_WINDOW + 1n, COOLDOWN];
const GIFT = ethers.parseEther("1");

/** The commitment the contract computes: keccak256(abi.encode(datanetId, contentHash, contributor, salt)). */
function commitmentOf(datanetId: bigint, hash: string, contributor: string, salt: string): string {
  const coder = ethers.AbiCoder.defaultAbiCoder();
  return ethers.keccak256(
    coder.encode(["uint256", "bytes32", "address", "bytes32"], [datanetId, hash, contributor, salt]),
  );
}

interface Item {
  hash: number;
  sizeBytes: bigint;
}

interface Revealed extends Item {
  salt: number;
}

type Command =
  | { kind: "create"; actor: number; owner: number; stake: bigint; reviewPeriod: bigint } // owner -1: zero address
  | { kind: "setCurator"; actor: number; datanetId: bigint; curator: number; appointed: boolean }
  | { kind: "commit"; actor: number; datanetId: bigint; hash: number; salt: number; zero: boolean }
  | { kind: "reveal"; actor: number; datanetId: bigint; items: Revealed[] }
  | { kind: "wait"; seconds: bigint }
  | { kind: "gift"; amount: bigint } // the holder sends OPEN to the Datanet by mistake
  | { kind: "sweep"; actor: number; to: number }
  | { kind: "contribute"; actor: number; datanetId: bigint; item: Item }
  | { kind: "contributeBatch"; actor: number; datanetId: bigint; items: Item[] }
  | { kind: "approve"; actor: number; pick: number; qualityBps: number }
  | { kind: "reject"; actor: number; pick: number }
  | { kind: "withdraw"; actor: number; pick: number }
  | { kind: "publish"; actor: number; datanetId: bigint };

/** The error a command must fail with: a Datanet error or the token's. */
interface Expected {
  on: "datanet" | "token";
  name: string;
}

interface ModelDatanet {
  owner: string;
  stake: bigint;
  reviewPeriod: bigint;
  curators: Set<string>;
  contributionCount: number;
  approved: bigint[];
  versions: number[]; // approved count of each version
}

interface ModelContribution {
  datanetId: bigint;
  contributor: string;
  hash: string;
  stake: bigint;
  status: bigint;
  approvedIndex: number;
  submittedAt: bigint;
}

/** Who holds a content hash in a datanet, as ContentClaims.Slot. */
interface HashSlot {
  id: bigint;
  committedBlock: bigint;
  cooldownEnds: bigint;
}

/** What the contract should hold, and what each command should do to it. */
/** The model's mutable state, copied before a command so that a refused one leaves it as it was. */
interface ModelState {
  datanets: ModelDatanet[];
  contributions: ModelContribution[];
  hashes: Map<string, HashSlot>; // `${datanetId}/${hash}`
  commitments: Map<string, { block: bigint; time: bigint }>;
  reputation: Map<string, [number, number]>; // `${datanetId}/${contributor}` to counts
  rejectionsBy: Map<string, number>; // `${datanetId}/${curator}`
  balances: Map<string, bigint>;
  burned: bigint;
  stray: bigint; // OPEN sent to the Datanet directly and not yet swept
}

class Model {
  s: ModelState;
  /** The block and timestamp the next transaction is mined at (the test sets the timestamp). */
  block = 0n;
  now = 0n;

  constructor(
    private readonly datanetAddress: string,
    private readonly addresses: string[],
    private readonly admin: string,
    private readonly holder: string,
    balances: Map<string, bigint>,
    private readonly allowances: Map<string, bigint>,
    first: ModelDatanet,
  ) {
    this.s = {
      datanets: [first],
      contributions: [],
      hashes: new Map(),
      commitments: new Map(),
      reputation: new Map(),
      rejectionsBy: new Map(),
      balances,
      burned: 0n,
      stray: 0n,
    };
  }

  /** Checks `cmd` as the contract does; returns its error (leaving the model as it was), or applies it. */
  run(cmd: Command): Expected | null {
    const saved = structuredClone(this.s);
    const error = this.apply(cmd);
    if (error) this.s = saved;
    return error;
  }

  private apply(cmd: Command): Expected | null {
    const sender = "actor" in cmd ? this.addresses[cmd.actor] : this.holder;
    const fail = (name: string, on: Expected["on"] = "datanet"): Expected => ({ on, name });
    const s = this.s;
    switch (cmd.kind) {
      case "create": {
        if (cmd.owner < 0) return fail("ZeroAddress");
        if (cmd.stake === 0n) return fail("ZeroStake");
        if (cmd.stake > MAX_STAKE) return fail("StakeTooHigh");
        if (cmd.reviewPeriod < MIN_REVIEW || cmd.reviewPeriod > MAX_REVIEW) return fail("ReviewPeriodOutOfRange");
        const owner = this.addresses[cmd.owner];
        s.datanets.push({
          owner,
          reviewPeriod: cmd.reviewPeriod,
          stake: cmd.stake,
          curators: new Set(),
          contributionCount: 0,
          approved: [],
          versions: [],
        });
        return null;
      }
      case "setCurator": {
        const d = this.datanet(cmd.datanetId);
        if (!d) return fail("UnknownDatanet");
        if (d.owner !== sender) return fail("NotDatanetOwner");
        const curator = this.addresses[cmd.curator];
        if (d.curators.has(curator) === cmd.appointed) return fail("CuratorUnchanged");
        if (cmd.appointed) d.curators.add(curator);
        else d.curators.delete(curator);
        return null;
      }
      case "commit": {
        if (cmd.zero) return fail("ZeroCommitment");
        const key = commitmentOf(cmd.datanetId, HASHES[cmd.hash], sender, SALTS[cmd.salt]);
        const live = s.commitments.get(key);
        if (!live || this.now > live.time + REVEAL_WINDOW)
          s.commitments.set(key, { block: this.block, time: this.now });
        return null;
      }
      case "contribute":
      case "contributeBatch": {
        const items = cmd.kind === "contribute" ? [cmd.item] : cmd.items;
        if (cmd.kind === "contributeBatch" && (items.length === 0 || items.length > MAX_BATCH)) {
          return fail("BadBatchLength");
        }
        const d = this.datanet(cmd.datanetId);
        if (!d) return fail("UnknownDatanet");
        for (const item of items) {
          const hash = HASHES[item.hash];
          if (hash === ethers.ZeroHash) return fail("ZeroContentHash");
          if (item.sizeBytes === 0n) return fail("ZeroSize");
          const finding = this.find(cmd.datanetId, hash, this.block, sender);
          if (finding === "cooling") return fail("ResubmissionCooldown");
          if (finding !== "free") return fail("DuplicateContent");
          this.record(cmd.datanetId, d, sender, hash, this.block);
        }
        return this.pay(sender, d.stake * BigInt(items.length));
      }
      case "reveal": {
        if (cmd.items.length === 0 || cmd.items.length > MAX_BATCH) return fail("BadBatchLength");
        const d = this.datanet(cmd.datanetId);
        if (!d) return fail("UnknownDatanet");
        let recorded = 0n;
        const refunds: string[] = [];
        for (const item of cmd.items) {
          const hash = HASHES[item.hash];
          const key = commitmentOf(cmd.datanetId, hash, sender, SALTS[item.salt]);
          const c = s.commitments.get(key);
          if (!c) return fail("UnknownCommitment");
          if (this.block <= c.block) return fail("RevealTooEarly");
          if (this.now > c.time + REVEAL_WINDOW) return fail("CommitmentExpired");
          s.commitments.delete(key);
          if (hash === ethers.ZeroHash) return fail("ZeroContentHash");
          if (item.sizeBytes === 0n) return fail("ZeroSize");
          const finding = this.find(cmd.datanetId, hash, c.block, sender);
          if (finding === "taken" || finding === "cooling") continue;
          if (finding === "displace") {
            const holder = this.contribution(s.hashes.get(`${cmd.datanetId}/${hash}`)!.id)!;
            holder.status = Status.Displaced;
            refunds.push(holder.contributor);
          }
          this.record(cmd.datanetId, d, sender, hash, c.block);
          recorded += 1n;
        }
        const error = recorded === 0n ? null : this.pay(sender, d.stake * recorded);
        for (const to of refunds) this.move(this.datanetAddress, to, d.stake);
        return error;
      }
      case "wait":
        return null;
      case "gift": {
        this.move(this.holder, this.datanetAddress, cmd.amount);
        s.stray += cmd.amount;
        return null;
      }
      case "sweep": {
        if (sender !== this.admin) return fail("AccessControlUnauthorizedAccount");
        if (cmd.to < 0) return fail("ZeroAddress");
        if (s.stray === 0n) return fail("NothingToSweep");
        this.move(this.datanetAddress, this.addresses[cmd.to], s.stray);
        s.stray = 0n;
        return null;
      }
      case "approve":
      case "reject": {
        const id = this.resolve(cmd.pick);
        const c = this.contribution(id);
        if (!c) return fail("UnknownContribution");
        const d = this.datanet(c.datanetId)!;
        if (!d.curators.has(sender)) return fail("NotCurator");
        if (c.status !== Status.Pending) return fail("NotPending");
        const counts = this.counts(c.datanetId, c.contributor);
        if (cmd.kind === "approve") {
          if (cmd.qualityBps > MAX_QUALITY_BPS) return fail("QualityTooHigh");
          c.status = Status.Approved;
          c.approvedIndex = d.approved.length;
          d.approved.push(id);
          counts[0] += 1;
          this.move(this.datanetAddress, c.contributor, c.stake);
        } else {
          c.status = Status.Rejected;
          s.hashes.get(`${c.datanetId}/${c.hash}`)!.cooldownEnds = this.now + COOLDOWN;
          counts[1] += 1;
          const key = `${c.datanetId}/${sender}`;
          s.rejectionsBy.set(key, (s.rejectionsBy.get(key) ?? 0) + 1);
          s.balances.set(this.datanetAddress, s.balances.get(this.datanetAddress)! - c.stake);
          s.burned += c.stake;
        }
        return null;
      }
      case "withdraw": {
        const c = this.contribution(this.resolve(cmd.pick));
        if (!c) return fail("UnknownContribution");
        if (c.contributor !== sender) return fail("NotContributor");
        if (c.status !== Status.Pending) return fail("NotPending");
        if (this.now < c.submittedAt + this.datanet(c.datanetId)!.reviewPeriod) return fail("ReviewPending");
        c.status = Status.Withdrawn;
        s.hashes.delete(`${c.datanetId}/${c.hash}`);
        this.move(this.datanetAddress, sender, c.stake);
        return null;
      }
      case "publish": {
        const d = this.datanet(cmd.datanetId);
        if (!d) return fail("UnknownDatanet");
        if (d.owner !== sender) return fail("NotDatanetOwner");
        if (d.approved.length === (d.versions.at(-1) ?? 0)) return fail("NothingToPublish");
        d.versions.push(d.approved.length);
        return null;
      }
    }
  }

  /** What a claim on a hash with a commitment from `committedBlock` finds, as ContentClaims.find. */
  private find(datanetId: bigint, hash: string, committedBlock: bigint, claimant: string) {
    const slot = this.s.hashes.get(`${datanetId}/${hash}`);
    if (!slot) return "free";
    const holder = this.contribution(slot.id)!;
    const older = committedBlock < slot.committedBlock;
    if (slot.cooldownEnds !== 0n) {
      return this.now >= slot.cooldownEnds || claimant === holder.contributor || older ? "free" : "cooling";
    }
    return older && holder.status === Status.Pending ? "displace" : "taken";
  }

  /** A new pending contribution holding `hash`. */
  private record(datanetId: bigint, d: ModelDatanet, sender: string, hash: string, committedBlock: bigint): void {
    const id = BigInt(this.s.contributions.length + 1);
    this.s.contributions.push({
      datanetId,
      contributor: sender,
      hash,
      stake: d.stake,
      status: Status.Pending,
      approvedIndex: 0,
      submittedAt: this.now,
    });
    this.s.hashes.set(`${datanetId}/${hash}`, { id, committedBlock, cooldownEnds: 0n });
    d.contributionCount += 1;
  }

  /** Pulls `total` from `sender`, or the token's error. */
  private pay(sender: string, total: bigint): Expected | null {
    if (this.allowances.get(sender)! < total) return { on: "token", name: "ERC20InsufficientAllowance" };
    if (this.s.balances.get(sender)! < total) return { on: "token", name: "ERC20InsufficientBalance" };
    this.move(sender, this.datanetAddress, total);
    return null;
  }

  get contributions(): ModelContribution[] {
    return this.s.contributions;
  }

  get datanets(): ModelDatanet[] {
    return this.s.datanets;
  }

  /** The contribution id a pick names: one pick in ten names 0 or the next id (both unknown), the rest an existing one. */
  resolve(pick: number): bigint {
    const count = this.contributions.length;
    if (count === 0 || pick % 10 === 0) return pick % 20 === 0 ? 0n : BigInt(count + 1);
    return BigInt(1 + (Math.floor(pick / 10) % count));
  }

  datanet(id: bigint): ModelDatanet | undefined {
    return id >= 1n ? this.datanets[Number(id) - 1] : undefined;
  }

  contribution(id: bigint): ModelContribution | undefined {
    return id >= 1n ? this.contributions[Number(id) - 1] : undefined;
  }

  counts(datanetId: bigint, contributor: string): [number, number] {
    const key = `${datanetId}/${contributor}`;
    if (!this.s.reputation.has(key)) this.s.reputation.set(key, [0, 0]);
    return this.s.reputation.get(key)!;
  }

  private move(from: string, to: string, amount: bigint): void {
    this.s.balances.set(from, this.s.balances.get(from)! - amount);
    this.s.balances.set(to, this.s.balances.get(to)! + amount);
  }
}

// ─── generators ───

const ACTORS = 8; // owner, curator, alice, bob, carol (no allowance), dave (no funds), outsider, admin
const [OWNER, CURATOR, ALICE, BOB, , , , ADMIN] = [0, 1, 2, 3, 4, 5, 6, 7];
const anyone = fc.nat({ max: ACTORS - 1 });
/** Mostly someone entitled to act (so that most steps succeed), sometimes anyone (so that some must fail). */
const mostly = (...entitled: number[]) =>
  fc.oneof({ arbitrary: fc.constantFrom(...entitled), weight: 3 }, { arbitrary: anyone, weight: 1 });
/** Mostly the fixture's datanet 1; sometimes 0 or an id that may not exist yet. */
const datanetId = fc.oneof(
  { arbitrary: fc.constant(1n), weight: 3 },
  { arbitrary: fc.bigInt({ min: 0n, max: 4n }), weight: 1 },
);
/** Picks a contribution id at run time (see Model.resolve). */
const pick = fc.nat({ max: 1_000 });
const item: fc.Arbitrary<Item> = fc.record({
  hash: fc.oneof(
    { arbitrary: fc.nat({ max: HASHES.length - 2 }), weight: 12 },
    { arbitrary: fc.constant(HASHES.length - 1), weight: 1 },
  ),
  sizeBytes: fc.oneof(
    { arbitrary: fc.constant(0n), weight: 1 },
    { arbitrary: fc.bigInt({ min: 1n, max: 2n ** 64n - 1n }), weight: 9 },
  ),
});
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("create" as const),
      actor: anyone,
      owner: fc.integer({ min: -1, max: ACTORS - 1 }),
      stake: fc.constantFrom(...STAKES),
      reviewPeriod: fc.constantFrom(...REVIEW_PERIODS),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setCurator" as const),
      actor: mostly(OWNER),
      datanetId,
      curator: anyone,
      appointed: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("commit" as const),
      actor: mostly(ALICE, BOB),
      datanetId,
      hash: item.map((i) => i.hash),
      salt: fc.nat({ max: SALTS.length - 1 }),
      zero: fc.nat({ max: 9 }).map((n) => n === 0),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("reveal" as const),
      actor: mostly(ALICE, BOB),
      datanetId,
      items: fc.array(
        fc.record({ hash: item.map((i) => i.hash), sizeBytes: item.map((i) => i.sizeBytes), salt: fc.nat({ max: 1 }) }),
        { maxLength: 3 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("wait" as const), seconds: fc.constantFrom(...WAITS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("gift" as const), amount: fc.constantFrom(1n, GIFT) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("sweep" as const),
      actor: mostly(ADMIN),
      to: fc.integer({ min: -1, max: ACTORS - 1 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("contribute" as const), actor: mostly(ALICE, BOB), datanetId, item }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("contributeBatch" as const),
      actor: mostly(ALICE, BOB),
      datanetId,
      items: fc.array(item, { maxLength: 4 }),
    }),
  },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("approve" as const),
      actor: mostly(CURATOR),
      pick,
      qualityBps: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: MAX_QUALITY_BPS }), weight: 9 },
        { arbitrary: fc.integer({ min: MAX_QUALITY_BPS + 1, max: 65_535 }), weight: 1 },
      ),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("reject" as const), actor: mostly(CURATOR), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), actor: mostly(ALICE, BOB), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("publish" as const), actor: mostly(OWNER), datanetId }) },
);

// ─── running a command and checking the invariants ───

/** Sends `cmd`; `id` is the contribution id its pick named before the model ran it. */
function send(
  f: DatanetFixture,
  signer: Signer,
  addresses: string[],
  cmd: Command,
  id: bigint,
): Promise<ContractTransactionResponse> {
  const datanet = f.datanet.connect(signer);
  const address = (index: number) => (index < 0 ? ethers.ZeroAddress : addresses[index]);
  const input = (i: Item) => ({ contentHash: HASHES[i.hash], sizeBytes: i.sizeBytes, pointerURI: "" });
  switch (cmd.kind) {
    case "create":
      return datanet.createDatanet("ipfs://random", cmd.stake, address(cmd.owner), cmd.reviewPeriod);
    case "setCurator":
      return datanet.setCurator(cmd.datanetId, address(cmd.curator), cmd.appointed);
    case "commit": {
      const key = commitmentOf(cmd.datanetId, HASHES[cmd.hash], addresses[cmd.actor], SALTS[cmd.salt]);
      return datanet.commit([cmd.zero ? ethers.ZeroHash : key]);
    }
    case "reveal":
      return datanet.reveal(
        cmd.datanetId,
        cmd.items.map((i) => ({
          contentHash: HASHES[i.hash],
          sizeBytes: i.sizeBytes,
          salt: SALTS[i.salt],
          pointerURI: "",
        })),
      );
    case "wait":
    case "gift":
      throw new Error(`${cmd.kind} is not a Datanet call`);
    case "sweep":
      return datanet.sweep(address(cmd.to));
    case "contribute":
      return datanet.contribute(cmd.datanetId, HASHES[cmd.item.hash], cmd.item.sizeBytes, "");
    case "contributeBatch":
      return datanet.contributeBatch(cmd.datanetId, cmd.items.map(input));
    case "approve":
      return datanet.approve(id, cmd.qualityBps);
    case "reject":
      return datanet.reject(id);
    case "withdraw":
      return datanet.withdraw(id);
    case "publish":
      return datanet.publishVersion(cmd.datanetId);
  }
}

/** A published version as first seen: its record and its contribution ids. */
type Snapshot = { approvedCount: bigint; publishedAt: bigint; ids: bigint[] };

async function checkInvariants(
  f: DatanetFixture,
  model: Model,
  holders: string[],
  published: Map<string, Snapshot>,
): Promise<void> {
  const { datanet, token } = f;
  // Contributions as the model has them, and the stake accounting.
  expect(await datanet.contributionCount()).to.equal(BigInt(model.contributions.length));
  // What the contract keeps, with what only the events carry: each submission and each approval's index.
  const submissions = await readSubmissions(datanet);
  const approvals = await datanet.queryFilter(datanet.filters.ContributionApproved());
  const approvedIndex = new Map(approvals.map(({ args }) => [args.contributionId, args.approvedIndex]));
  const onChain = await Promise.all(
    model.contributions.map(async (_, i) => {
      const { datanetId, contributor, stake, status } = await datanet.getContribution(BigInt(i + 1));
      const [contentHash, index] = [submissions[i].contentHash, approvedIndex.get(BigInt(i + 1))];
      return { datanetId, contributor, stake, status, contentHash, approvedIndex: index };
    }),
  );
  let pendingStakes = 0n;
  for (const [i, c] of onChain.entries()) {
    const expected = model.contributions[i];
    expect([c.datanetId, c.contributor, c.contentHash, c.stake, c.status]).to.deep.equal([
      expected.datanetId,
      expected.contributor,
      expected.hash,
      expected.stake,
      expected.status,
    ]);
    if (c.status === Status.Pending) pendingStakes += c.stake;
  }
  expect(await token.balanceOf(f.datanetAddress)).to.equal(pendingStakes + model.s.stray);
  expect(await datanet.totalStaked()).to.equal(pendingStakes);
  expect(await datanet.totalBurned()).to.equal(model.s.burned);
  expect((await token.totalSupply()) + model.s.burned).to.equal(await token.TOTAL_SUPPLY());
  for (const [key, slot] of model.s.hashes) {
    const [id, hash] = key.split("/");
    expect(await datanet.contributionByHash(BigInt(id), hash)).to.equal(slot.cooldownEnds === 0n ? slot.id : 0n);
  }
  for (const [key, count] of model.s.rejectionsBy) {
    const [id, curator] = key.split("/");
    expect(await datanet.rejectionsBy(BigInt(id), curator)).to.equal(BigInt(count));
  }

  // Every version lists approved contributions of its datanet, in approval order, and never changes.
  expect(await datanet.datanetCount()).to.equal(BigInt(model.datanets.length));
  for (const [index, d] of model.datanets.entries()) {
    const id = BigInt(index + 1);
    const info = await datanet.getDatanet(id);
    expect([info.owner, info.stake, info.reviewPeriod]).to.deep.equal([d.owner, d.stake, d.reviewPeriod]);
    const submitted = submissions.filter((s) => s.datanetId === id).length;
    expect([submitted, info.approvedCount]).to.deep.equal([d.contributionCount, BigInt(d.approved.length)]);
    expect(info.versionCount).to.equal(BigInt(d.versions.length));
    for (let v = 1; v <= d.versions.length; v++) {
      const version = await datanet.getVersion(id, v);
      const ids = [...(await datanet.versionContributions(id, v, 0n, MAX_PAGE))];
      expect(version.approvedCount).to.equal(BigInt(d.versions[v - 1]));
      expect(ids).to.deep.equal(d.approved.slice(0, d.versions[v - 1]));
      for (const [position, contributionId] of ids.entries()) {
        const c = onChain[Number(contributionId) - 1];
        expect([c.datanetId, c.status, c.approvedIndex]).to.deep.equal([id, Status.Approved, BigInt(position)]);
      }
      const snapshot = { approvedCount: version.approvedCount, publishedAt: version.publishedAt, ids };
      const key = `${id}/${v}`;
      if (published.has(key)) expect(snapshot).to.deep.equal(published.get(key));
      else published.set(key, snapshot);
    }
  }

  // OPEN is only moved, never made or lost: each holder has what the model says, and they hold the whole supply.
  const balances = await Promise.all(holders.map((h) => token.balanceOf(h)));
  expect(balances).to.deep.equal(holders.map((h) => model.s.balances.get(h)));
  expect(balances.reduce((a, b) => a + b, 0n)).to.equal(await token.totalSupply());
}

describe("Datanet (property)", function () {
  it("keeps stakes, versions and the OPEN supply consistent through random actions by random actors", async function () {
    const steps = { ok: 0, reverted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30, size: "max" }), async (commands) => {
        const f = await loadFixture(deployDatanet);
        const signers = [f.owner, f.curator, f.alice, f.bob, f.carol, f.dave, f.outsider, f.deployer];
        const addresses = signers.map((s) => s.address);
        const holders = [f.holder.address, ...addresses, f.datanetAddress];
        const balances = new Map<string, bigint>();
        for (const h of holders) balances.set(h, await f.token.balanceOf(h));
        const allowances = new Map<string, bigint>();
        for (const a of addresses) allowances.set(a, await f.token.allowance(a, f.datanetAddress));
        const model = new Model(
          f.datanetAddress,
          addresses,
          f.deployer.address,
          f.holder.address,
          balances,
          allowances,
          {
            owner: f.owner.address,
            reviewPeriod: REVIEW_PERIOD,
            stake: STAKE,
            curators: new Set([f.curator.address]),
            contributionCount: 0,
            approved: [],
            versions: [],
          },
        );
        const published = new Map<string, Snapshot>();
        await checkInvariants(f, model, holders, published);

        let waited = 0n;
        for (const cmd of commands) {
          if (cmd.kind === "wait") {
            waited += cmd.seconds; // the next transaction is mined that much later
            continue;
          }
          model.block = BigInt(await ethers.provider.getBlockNumber()) + 1n;
          model.now = BigInt(await time.latest()) + 1n + waited;
          waited = 0n;
          await time.setNextBlockTimestamp(model.now);
          const id = "pick" in cmd ? model.resolve(cmd.pick) : 0n;
          const expected = model.run(cmd);
          if (cmd.kind === "gift") {
            await (await f.token.connect(f.holder).transfer(f.datanetAddress, cmd.amount)).wait();
            await checkInvariants(f, model, holders, published);
            continue;
          }
          const tx = send(f, signers[cmd.actor], addresses, cmd, id);
          if (expected) {
            await expect(tx).to.be.revertedWithCustomError(
              expected.on === "token" ? f.token : f.datanet,
              expected.name,
            );
            steps.reverted += 1;
          } else {
            await (await tx).wait();
            steps.ok += 1;
          }
          await checkInvariants(f, model, holders, published);
        }

        for (const [key, counts] of model.s.reputation) {
          const [id, contributor] = key.split("/");
          expect(await f.datanet.reputation(BigInt(id), contributor)).to.deep.equal(counts.map(BigInt));
        }
      }),
      { numRuns: 40 },
    );
    // The generators must exercise both paths, or the property says little.
    expect(steps.ok).to.be.greaterThan(100);
    expect(steps.reverted).to.be.greaterThan(100);
  });
});
