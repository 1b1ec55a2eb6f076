// Datanet property test: random sequences of actions by random actors, valid or not, against a model of the
// contract. After every step the stakes, the versions and the OPEN supply must add up.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";
import { STAKE, Status, contentHash, deployDatanet, type DatanetFixture } from "./fixtures";

const MAX_BATCH = 100;
const MAX_PAGE = 500n;
const MAX_STAKE = 2n ** 96n - 1n;
const MAX_QUALITY_BPS = 10_000;
/** A small pool, so that duplicates happen; the last entry is the zero hash. */
const HASHES = [..."abcdefgh"].map(contentHash).concat(ethers.ZeroHash);
const STAKES = [0n, 1n, ethers.parseEther("3"), STAKE, MAX_STAKE, MAX_STAKE + 1n];

interface Item {
  hash: number;
  sizeBytes: bigint;
}

type Command =
  | { kind: "create"; actor: number; owner: number; stake: bigint } // owner -1 is the zero address
  | { kind: "setCurator"; actor: number; datanetId: bigint; curator: number; appointed: boolean }
  | { kind: "setTreasury"; actor: number; datanetId: bigint; treasury: number }
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
  treasury: string;
  stake: bigint;
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
}

/** What the contract should hold, and what each command should do to it. */
class Model {
  readonly datanets: ModelDatanet[] = [];
  readonly contributions: ModelContribution[] = [];
  readonly live = new Map<string, bigint>(); // `${datanetId}/${hash}` to the pending or approved contribution
  readonly reputation = new Map<string, [number, number]>(); // `${datanetId}/${contributor}` to counts
  readonly balances: Map<string, bigint>;

  constructor(
    private readonly datanetAddress: string,
    private readonly addresses: string[],
    balances: Map<string, bigint>,
    private readonly allowances: Map<string, bigint>,
    first: ModelDatanet,
  ) {
    this.balances = balances;
    this.datanets.push(first);
  }

  /** Checks `cmd` as the contract does; returns its error, or applies it and returns null. */
  run(cmd: Command): Expected | null {
    const sender = this.addresses[cmd.actor];
    const fail = (name: string, on: Expected["on"] = "datanet"): Expected => ({ on, name });
    switch (cmd.kind) {
      case "create": {
        if (cmd.owner < 0) return fail("ZeroAddress");
        if (cmd.stake === 0n) return fail("ZeroStake");
        if (cmd.stake > MAX_STAKE) return fail("StakeTooHigh");
        const owner = this.addresses[cmd.owner];
        this.datanets.push({
          owner,
          treasury: owner,
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
      case "setTreasury": {
        const d = this.datanet(cmd.datanetId);
        if (!d) return fail("UnknownDatanet");
        if (d.owner !== sender) return fail("NotDatanetOwner");
        if (cmd.treasury < 0) return fail("ZeroAddress");
        d.treasury = this.addresses[cmd.treasury];
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
        const seen = new Set<string>();
        for (const item of items) {
          const hash = HASHES[item.hash];
          if (hash === ethers.ZeroHash) return fail("ZeroContentHash");
          if (item.sizeBytes === 0n) return fail("ZeroSize");
          if (seen.has(hash) || this.live.has(`${cmd.datanetId}/${hash}`)) return fail("DuplicateContent");
          seen.add(hash);
        }
        const total = d.stake * BigInt(items.length);
        if (this.allowances.get(sender)! < total) return fail("ERC20InsufficientAllowance", "token");
        if (this.balances.get(sender)! < total) return fail("ERC20InsufficientBalance", "token");
        for (const item of items) {
          const id = BigInt(this.contributions.length + 1);
          const hash = HASHES[item.hash];
          this.contributions.push({
            datanetId: cmd.datanetId,
            contributor: sender,
            hash,
            stake: d.stake,
            status: Status.Pending,
            approvedIndex: 0,
          });
          this.live.set(`${cmd.datanetId}/${hash}`, id);
        }
        d.contributionCount += items.length;
        this.move(sender, this.datanetAddress, total);
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
          this.live.delete(`${c.datanetId}/${c.hash}`);
          counts[1] += 1;
          this.move(this.datanetAddress, d.treasury, c.stake);
        }
        return null;
      }
      case "withdraw": {
        const c = this.contribution(this.resolve(cmd.pick));
        if (!c) return fail("UnknownContribution");
        if (c.contributor !== sender) return fail("NotContributor");
        if (c.status !== Status.Pending) return fail("NotPending");
        c.status = Status.Withdrawn;
        this.live.delete(`${c.datanetId}/${c.hash}`);
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
    if (!this.reputation.has(key)) this.reputation.set(key, [0, 0]);
    return this.reputation.get(key)!;
  }

  private move(from: string, to: string, amount: bigint): void {
    this.balances.set(from, this.balances.get(from)! - amount);
    this.balances.set(to, this.balances.get(to)! + amount);
  }
}

// ─── generators ───

const ACTORS = 7; // owner, curator, alice, bob, carol (no allowance), dave (no funds), outsider
const [OWNER, CURATOR, ALICE, BOB] = [0, 1, 2, 3];
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
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("setTreasury" as const),
      actor: mostly(OWNER),
      datanetId,
      treasury: fc.integer({ min: -1, max: ACTORS - 1 }),
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
      return datanet.createDatanet("ipfs://random", cmd.stake, address(cmd.owner));
    case "setCurator":
      return datanet.setCurator(cmd.datanetId, address(cmd.curator), cmd.appointed);
    case "setTreasury":
      return datanet.setTreasury(cmd.datanetId, address(cmd.treasury));
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
  const onChain = await Promise.all(model.contributions.map((_, i) => datanet.getContribution(BigInt(i + 1))));
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
  expect(await token.balanceOf(f.datanetAddress)).to.equal(pendingStakes);
  expect(await datanet.totalStaked()).to.equal(pendingStakes);

  // Every version lists approved contributions of its datanet, in approval order, and never changes.
  expect(await datanet.datanetCount()).to.equal(BigInt(model.datanets.length));
  for (const [index, d] of model.datanets.entries()) {
    const id = BigInt(index + 1);
    const info = await datanet.getDatanet(id);
    expect([info.owner, info.treasury, info.stake]).to.deep.equal([d.owner, d.treasury, d.stake]);
    expect([info.contributionCount, info.approvedCount]).to.deep.equal([
      BigInt(d.contributionCount),
      BigInt(d.approved.length),
    ]);
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
  expect(balances).to.deep.equal(holders.map((h) => model.balances.get(h)));
  expect(balances.reduce((a, b) => a + b, 0n)).to.equal(await token.totalSupply());
}

describe("Datanet (property)", function () {
  it("keeps stakes, versions and the OPEN supply consistent through random actions by random actors", async function () {
    const steps = { ok: 0, reverted: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 30, size: "max" }), async (commands) => {
        const f = await loadFixture(deployDatanet);
        const signers = [f.owner, f.curator, f.alice, f.bob, f.carol, f.dave, f.outsider];
        const addresses = signers.map((s) => s.address);
        const holders = [f.holder.address, ...addresses, f.datanetAddress];
        const balances = new Map<string, bigint>();
        for (const h of holders) balances.set(h, await f.token.balanceOf(h));
        const allowances = new Map<string, bigint>();
        for (const a of addresses) allowances.set(a, await f.token.allowance(a, f.datanetAddress));
        const model = new Model(f.datanetAddress, addresses, balances, allowances, {
          owner: f.owner.address,
          treasury: f.owner.address,
          stake: STAKE,
          curators: new Set([f.curator.address]),
          contributionCount: 0,
          approved: [],
          versions: [],
        });
        const published = new Map<string, Snapshot>();
        await checkInvariants(f, model, holders, published);

        for (const cmd of commands) {
          const id = "pick" in cmd ? model.resolve(cmd.pick) : 0n;
          const expected = model.run(cmd);
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

        for (const [key, counts] of model.reputation) {
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
