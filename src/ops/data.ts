// Operations on datanets: contribute files through the content store, and read a version's data back, hash-checked.
import { randomBytes } from "node:crypto";
import { hexlify, type ContractTransactionReceipt, type Signer } from "ethers";
import type { Datanet, OpenToken } from "../../typechain-types";
import { approvedIndex, novelty, type NoveltyReport } from "../attribution/novelty";
import { emittedEvent } from "../chain/events";
import { signPermit } from "../chain/permit";
import { ContributionStatus, hasStatus } from "../chain/types";
import type { ContentStore } from "../store/ContentStore";
import { readSubmission, readSubmissions } from "../read/submissions";
import { storedBytes } from "../settlement/availability";
import { mined, minedId, type OpResult } from "./result";

export interface Contributed extends OpResult {
  contributionId: bigint;
  contentHash: string;
  sizeBytes: number;
}

/** What contributing takes, whichever way it is sent: the contracts, the store, who contributes, where, and what. */
type ContributeArgs = [
  datanet: Datanet,
  token: OpenToken,
  store: ContentStore,
  contributor: Signer,
  datanetId: bigint,
  bytes: Uint8Array,
  pointerURI?: string,
];

/** A contribution whose data is in the store and whose stake is known: what a way of sending it starts from. */
interface Stored {
  datanet: Datanet;
  token: OpenToken;
  contributor: Signer;
  datanetId: bigint;
  contentHash: string;
  sizeBytes: number;
  stake: bigint;
  pointerURI: string;
}

/** Sends a stored contribution: the receipts in the order sent (the last one submits it) and what it adds. */
type Send<E> = (stored: Stored) => Promise<[transactions: ContractTransactionReceipt[], extra: E]>;

/** Stores the bytes under their hash, reads the datanet's stake, sends, and reads the id the chain assigned. */
async function storeAndSend<E extends object>(args: ContributeArgs, send: Send<E>): Promise<Contributed & E> {
  const [datanet, token, store, contributor, datanetId, bytes, pointerURI = ""] = args;
  const { hash, size } = await store.put(bytes);
  const { stake } = await datanet.getDatanet(datanetId);
  const stored = { datanet, token, contributor, datanetId, contentHash: hash, sizeBytes: size, stake, pointerURI };
  const [transactions, extra] = await send(stored);
  const event = emittedEvent(datanet, transactions.at(-1)!, "ContributionSubmitted");
  return {
    contributionId: event.args.contributionId as bigint,
    contentHash: hash,
    sizeBytes: size,
    ...extra,
    transactions,
  };
}

/**
 * Stores `bytes` under their keccak-256 hash and submits the contribution on-chain in one transaction, with an
 * EIP-2612 permit for the datanet's stake.
 */
export async function contributeBytes(...args: ContributeArgs): Promise<Contributed> {
  return storeAndSend(args, async ({ datanet, token, contributor, stake, ...c }) => {
    const permit = await signPermit(token, contributor, await datanet.getAddress(), stake);
    const sent = datanet
      .connect(contributor)
      .contributeWithPermit(c.datanetId, c.contentHash, c.sizeBytes, c.pointerURI, { value: stake, ...permit });
    return [[await mined(sent)], {}];
  });
}

/**
 * Stores `bytes` and contributes them in two steps that a front-runner cannot copy: a commitment (hash, contributor
 * and a fresh salt, hidden) in one transaction, then, once it is mined, the reveal, which pulls the stake (approving
 * it first if the allowance is short). If the hash stays with an earlier or approved holder, the reveal stakes
 * nothing and this fails naming the holder.
 */
export async function commitRevealBytes(...args: ContributeArgs): Promise<Contributed & { commitment: string }> {
  return storeAndSend(args, async ({ datanet, token, contributor, stake, ...c }) => {
    const address = await contributor.getAddress();
    const salt = hexlify(randomBytes(32));
    const commitment = await datanet.commitmentFor(c.datanetId, c.contentHash, address, salt);
    const transactions = [await mined(datanet.connect(contributor).commit([commitment]))];
    const spender = await datanet.getAddress();
    if ((await token.allowance(address, spender)) < stake) {
      transactions.push(await mined(token.connect(contributor).approve(spender, stake)));
    }
    const input = { contentHash: c.contentHash, sizeBytes: c.sizeBytes, salt, pointerURI: c.pointerURI };
    const receipt = await mined(datanet.connect(contributor).reveal(c.datanetId, [input]));
    transactions.push(receipt);
    const skipped = receipt.logs.map((log) => datanet.interface.parseLog(log)).find((e) => e?.name === "RevealSkipped");
    if (skipped) {
      throw new Error(
        `content ${c.contentHash} stays with contribution ${skipped.args.holderId} of datanet ${c.datanetId}`,
      );
    }
    return [transactions, { commitment }];
  });
}

/** Ids of every approved contribution of a published version, in approval order. */
export async function versionContributionIds(datanet: Datanet, datanetId: bigint, version: number): Promise<bigint[]> {
  const page = await datanet.MAX_PAGE();
  const ids: bigint[] = [];
  for (let offset = 0n; ; offset += page) {
    const chunk = await datanet.versionContributions(datanetId, version, offset, page);
    ids.push(...chunk);
    if (BigInt(chunk.length) < page) return ids;
  }
}

/** The texts of a published version's contributions, each read from the store and checked against its hash. */
export async function readVersionTexts(
  datanet: Datanet,
  store: ContentStore,
  datanetId: bigint,
  version: number,
): Promise<string[]> {
  const texts: string[] = [];
  const hashes = await contentHashesOf(datanet, datanetId);
  for (const id of await versionContributionIds(datanet, datanetId, version)) {
    const contentHash = hashes.get(id)!; // every approved contribution was submitted
    const bytes = await store.get(contentHash, `contribution ${id} of datanet ${datanetId}`);
    texts.push(Buffer.from(bytes).toString("utf8"));
  }
  return texts;
}

/** The review period a datanet gets unless told otherwise: three days, in seconds, within the contract's caps. */
export const DEFAULT_REVIEW_PERIOD = 3n * 24n * 3600n;

/**
 * Creates a datanet owned by `owner` (the sender by default) whose contributions wait `reviewPeriod` seconds for
 * review before they may be withdrawn, and returns its id.
 */
export async function createDatanet(
  datanet: Datanet,
  sender: Signer,
  metadataURI: string,
  stake: bigint,
  owner?: string,
  reviewPeriod: bigint = DEFAULT_REVIEW_PERIOD,
): Promise<OpResult & { datanetId: bigint }> {
  const owned = owner ?? (await sender.getAddress());
  const sent = datanet.connect(sender).createDatanet(metadataURI, stake, owned, reviewPeriod);
  return minedId(datanet, sent, "DatanetCreated", "datanetId");
}

/** Appoints (or with `allowed` false, removes) a curator of a datanet, as its owner. */
export async function setCurator(
  datanet: Datanet,
  owner: Signer,
  datanetId: bigint,
  curator: string,
  allowed = true,
): Promise<OpResult> {
  return { transactions: [await mined(datanet.connect(owner).setCurator(datanetId, curator, allowed))] };
}

/** Withdraws a contribution still pending curation, as its contributor: the stake comes back. */
export async function withdrawContribution(
  datanet: Datanet,
  contributor: Signer,
  contributionId: bigint,
): Promise<OpResult> {
  return { transactions: [await mined(datanet.connect(contributor).withdraw(contributionId))] };
}

/**
 * Whether a contribution's stored data is what the chain records: present in the store, hashing to its content
 * hash, and exactly as long as its declared `sizeBytes` (settlement pays a mismatch nothing; a curator refuses it).
 */
export async function storedDataCheck(
  datanet: Datanet,
  store: ContentStore,
  contributionId: bigint,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { contentHash, sizeBytes } = await readSubmission(datanet, contributionId);
  const bytes = await storedBytes(store, contentHash, `contribution ${contributionId}`);
  if (!bytes) return { ok: false, reason: `its data (content hash ${contentHash}) is not in the store intact` };
  if (BigInt(bytes.length) !== sizeBytes) {
    return { ok: false, reason: `it declares ${sizeBytes} bytes, but its stored data is ${bytes.length} bytes` };
  }
  return { ok: true };
}

/**
 * Approves (with a quality score) or rejects a pending contribution, as a curator of its datanet. With `store`, an
 * approval is refused, before anything is sent, unless the stored data matches the on-chain record
 * (`storedDataCheck`).
 */
export async function reviewContribution(
  datanet: Datanet,
  curator: Signer,
  contributionId: bigint,
  verdict: { approve: true; qualityBps: number } | { approve: false },
  store?: ContentStore,
): Promise<OpResult> {
  if (verdict.approve && store) {
    const check = await storedDataCheck(datanet, store, contributionId);
    if (!check.ok) throw new Error(`contribution ${contributionId} cannot be approved: ${check.reason}`);
  }
  const sent = verdict.approve
    ? datanet.connect(curator).approve(contributionId, verdict.qualityBps)
    : datanet.connect(curator).reject(contributionId);
  return { transactions: [await mined(sent)] };
}

/** Publishes the next version of a datanet (every contribution approved so far) and returns its number. */
export async function publishVersion(
  datanet: Datanet,
  owner: Signer,
  datanetId: bigint,
): Promise<OpResult & { version: number; approvedCount: number }> {
  const receipt = await mined(datanet.connect(owner).publishVersion(datanetId));
  const event = emittedEvent(datanet, receipt, "VersionPublished");
  return {
    version: Number(event.args.version),
    approvedCount: Number(event.args.approvedCount),
    transactions: [receipt],
  };
}

/**
 * The curator's copy check for a contribution: its data (hash-checked from the store) against every contribution
 * the datanet has approved so far. See `novelty` for the measure.
 */
export async function checkNovelty(
  datanet: Datanet,
  store: ContentStore,
  contributionId: bigint,
  options: { minSpanTokens?: number; copyCoverage?: number } = {},
): Promise<NoveltyReport & { approvedCompared: number }> {
  const target = await readSubmission(datanet, contributionId);
  const text = Buffer.from(
    await store.get(target.contentHash, `contribution ${contributionId} of datanet ${target.datanetId}`),
  ).toString("utf8");
  const approved: { id: string; text: string }[] = [];
  for (const [id, contentHash] of await contentHashesOf(datanet, target.datanetId)) {
    if (id === contributionId) continue;
    const c = await datanet.getContribution(id);
    if (!hasStatus(c.status, ContributionStatus.Approved)) continue;
    const bytes = await store.get(contentHash, `contribution ${id} of datanet ${c.datanetId}`);
    approved.push({ id: id.toString(), text: Buffer.from(bytes).toString("utf8") });
  }
  const report =
    approved.length === 0
      ? { tokens: 0, covered: 0, coverage: 0, overlaps: [], isCopy: false }
      : novelty(approvedIndex(approved), text, options);
  return { ...report, approvedCompared: approved.length };
}

/** The content hash of every contribution to a datanet, by id, from the submission events. */
async function contentHashesOf(datanet: Datanet, datanetId: bigint): Promise<Map<bigint, string>> {
  const submissions = await readSubmissions(datanet, { datanetId });
  return new Map(submissions.map((s) => [s.contributionId, s.contentHash]));
}
