// Shared by the Datanet tests, which are split by operation: a deployed OPEN and Datanet, funded contributors, one
// datanet with a curator, the contract's limits, and the reader of everything a refused call must leave as it was.
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Signer } from "ethers";
import { Datanet__factory, OpenToken__factory } from "../../typechain-types";
import type { IDatanet } from "../../typechain-types/contracts/datanet/Datanet";
import { expectUnchanged, plain } from "../helpers/snapshot";
import { approvedIndexOf, readSubmission, readSubmissions } from "../../src/read/submissions";

/** The stake the fixture's datanet asks of each contribution. */
export const STAKE = ethers.parseEther("10");
/** The review period of the fixture's datanet: a contribution may be withdrawn once it passed without a review. */
export const REVIEW_PERIOD = 24n * 3600n;
/** OPEN each funded contributor starts with. */
export const FUNDS = ethers.parseEther("10000");
export const METADATA_URI = "ipfs://bafkreidatanetmetadata";
export const POINTER_URI = "ar://3q2-contribution-pointer";

/** IDatanet.Status, as the contract returns it. */
export const Status = { None: 0n, Pending: 1n, Approved: 2n, Rejected: 3n, Withdrawn: 4n, Displaced: 5n } as const;

/** A content hash: the keccak-256 of `label`, standing in for the data. */
export function contentHash(label: string): string {
  return ethers.keccak256(ethers.toUtf8Bytes(label));
}

/** `count` distinct batch inputs whose hashes derive from `prefix`. */
export function batchInputs(prefix: string, count: number, pointerURI = ""): IDatanet.ContributionInputStruct[] {
  return Array.from({ length: count }, (_, i) => ({
    contentHash: contentHash(`${prefix}-${i}`),
    sizeBytes: BigInt(1000 + i),
    pointerURI,
  }));
}

/** The gas a mined transaction used. */
export async function gasUsed(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  return receipt!.gasUsed;
}

/**
 * Deploys OPEN and Datanet and creates datanet 1 (owner `owner`, stake STAKE) with `curator` appointed.
 * alice and bob hold FUNDS and have approved Datanet for everything; carol holds FUNDS and approved nothing (she
 * uses permits); dave approved everything but holds nothing.
 */
export async function deployDatanet() {
  const [deployer, holder, owner, curator, alice, bob, carol, dave, outsider] = await ethers.getSigners();
  const token = await new OpenToken__factory(deployer).deploy(holder.address);
  // The deployer holds the Datanet's admin role (sweeps), as the Ignition module grants it to the suite's admin.
  const datanet = await new Datanet__factory(deployer).deploy(await token.getAddress(), deployer.address);
  const datanetAddress = await datanet.getAddress();
  for (const account of [alice, bob, carol]) await token.connect(holder).transfer(account.address, FUNDS);
  for (const account of [alice, bob, dave]) await token.connect(account).approve(datanetAddress, ethers.MaxUint256);
  await datanet.connect(owner).createDatanet(METADATA_URI, STAKE, owner.address, REVIEW_PERIOD);
  await datanet.connect(owner).setCurator(1n, curator.address, true);
  return { token, datanet, datanetAddress, deployer, holder, owner, curator, alice, bob, carol, dave, outsider };
}

export type DatanetFixture = Awaited<ReturnType<typeof deployDatanet>>;

/**
 * Everything a failed call must leave as it was: OPEN balances, counters, every record, reputations, nonces,
 * curators, published versions and the content-hash index.
 */
export async function datanetState(f: DatanetFixture) {
  const { token, datanet } = f;
  const people = [f.alice, f.bob, f.carol, f.dave, f.owner, f.curator, f.outsider];
  const balances = await Promise.all([...people.map((p) => token.balanceOf(p)), token.balanceOf(f.datanetAddress)]);
  const allowances = await Promise.all(people.map((p) => token.allowance(p, f.datanetAddress)));
  const nonces = await Promise.all(people.map((p) => token.nonces(p)));
  const datanets = [];
  const reputations = [];
  const rejections = [];
  const curators = [];
  const versions = [];
  for (let id = 1n; id <= (await datanet.datanetCount()); id++) {
    const info = await datanet.getDatanet(id);
    datanets.push(plain(info));
    for (const p of people) reputations.push(plain(await datanet.reputation(id, p)));
    for (const p of people) curators.push(await datanet.isCurator(id, p));
    for (const p of people) rejections.push(await datanet.rejectionsBy(id, p));
    for (let version = 1n; version <= info.versionCount; version++) {
      versions.push(plain(await datanet.getVersion(id, version)));
      versions.push(plain(await datanet.versionContributions(id, version, 0n, await datanet.MAX_PAGE())));
    }
  }
  const contributions = [];
  const byHash = [];
  const submissions = await readSubmissions(datanet);
  for (let id = 1n; id <= (await datanet.contributionCount()); id++) {
    contributions.push(plain(await datanet.getContribution(id)));
    const { datanetId, contentHash } = submissions[Number(id) - 1];
    byHash.push(await datanet.contributionByHash(datanetId, contentHash));
  }
  // What each party submitted, as the events tell it (the contract keeps no list per contributor).
  const listed = people.map((p) => submissions.filter((s) => s.contributor === p.address).map((s) => s.contributionId));
  return {
    balances,
    allowances,
    nonces,
    datanets,
    reputations,
    rejections,
    curators,
    versions,
    contributions,
    byHash,
    listed,
    totalStaked: await datanet.totalStaked(),
    totalBurned: await datanet.totalBurned(),
    supply: await token.totalSupply(),
  };
}

export const MAX_BATCH = 100n;
export const MAX_PAGE = 500n;
export const MAX_STAKE = 2n ** 96n - 1n;

/** Runs `action` (which asserts a revert) and checks that it changed nothing `datanetState` sees. */
export function expectUnchangedIn(f: DatanetFixture, action: () => Promise<void>): Promise<void> {
  return expectUnchanged(() => datanetState(f), action);
}

/** Contributions 1, 2 and 3 by alice: approved, rejected and withdrawn, with the status each must report. */
export async function reviewedOnceEach(f: DatanetFixture): Promise<[bigint, bigint][]> {
  for (const label of ["approved", "rejected", "withdrawn"]) await contribute(f, f.alice, label);
  await f.datanet.connect(f.curator).approve(1n, 1);
  await f.datanet.connect(f.curator).reject(2n);
  await passReviewPeriod();
  await f.datanet.connect(f.alice).withdraw(3n);
  return [
    [1n, Status.Approved],
    [2n, Status.Rejected],
    [3n, Status.Withdrawn],
  ];
}

/** `who` contributes the data labelled `label` to `datanetId`; returns the new contribution's id. */
export async function contribute(f: DatanetFixture, who: Signer, label: string, datanetId = 1n): Promise<bigint> {
  const id = (await f.datanet.contributionCount()) + 1n;
  await f.datanet.connect(who).contribute(datanetId, contentHash(label), 1000n, "");
  return id;
}

/** Moves the clock past the fixture datanet's review period, so that pending contributions may be withdrawn. */
export async function passReviewPeriod(): Promise<void> {
  await time.increase(REVIEW_PERIOD);
}

/** A salt for a commitment, from `label`. */
export function salt(label: string): string {
  return ethers.id(`salt:${label}`);
}

/** `who` commits to contributing the data labelled `label` (salted by `label`) to `datanetId`; returns the input. */
export async function commitTo(f: DatanetFixture, who: Signer, label: string, datanetId = 1n) {
  const input = { contentHash: contentHash(label), sizeBytes: 1000n, salt: salt(label), pointerURI: "" };
  const commitment = await f.datanet.commitmentFor(datanetId, input.contentHash, await who.getAddress(), input.salt);
  await f.datanet.connect(who).commit([commitment]);
  return { input, commitment };
}

/**
 * A contribution as the contract keeps it, with what only its events carry: hash, size and pointer (its
 * submission) and its approved index (0 until approved), so that a test reads one record as before.
 */
export async function contributionOf(datanet: DatanetFixture["datanet"], id: bigint) {
  const [c, submitted, approvedIndex] = await Promise.all([
    datanet.getContribution(id),
    readSubmission(datanet, id),
    approvedIndexOf(datanet, id),
  ]);
  return {
    datanetId: c.datanetId,
    contributor: c.contributor,
    contentHash: submitted.contentHash,
    sizeBytes: submitted.sizeBytes,
    submittedAt: c.submittedAt,
    qualityBps: c.qualityBps,
    status: c.status,
    approvedIndex: BigInt(approvedIndex ?? 0),
    stake: c.stake,
    pointerURI: submitted.pointerURI,
  };
}

/** The ids `contributor` submitted, in order, from the events. */
export async function contributionsOf(datanet: DatanetFixture["datanet"], contributor: string): Promise<bigint[]> {
  return (await readSubmissions(datanet, { contributor })).map((s) => s.contributionId);
}

/** How many contributions datanet `datanetId` received, from the events. */
export async function submittedTo(datanet: DatanetFixture["datanet"], datanetId: bigint): Promise<bigint> {
  return BigInt((await readSubmissions(datanet, { datanetId })).length);
}
