// The published settlement and proofs files: their types, how they are cut into chunks, hashed, named, written and read.
//
// A settlement is published content-addressed, so that anyone holding the posted URI can fetch it from any copy of
// the store (a directory or an HTTP base URL) and check it. It is written as JSON Lines chunks of at most
// CHUNK_BYTES each, and a manifest that holds the epoch's header and lists every chunk's hash, size and entry
// count. The manifest's keccak-256 is the `dataHash` posted with the root, and the posted URI is
// `openledger-store:keccak256:<that hash>`: the URI names the content, so nobody's local path is ever posted, and
// checking the URI against the posted hash needs no second hash function. No step builds the whole file as one
// string: each chunk is encoded, hashed and stored on its own.
import { keccak256 } from "../util/keccak";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { AttributeOptions } from "../attribution/engine";
import { canonicalJson, type JsonValue } from "../util/canonicalJson";
import { isContentHash, type ContentHash, type ContentReader, type ContentStore } from "../store/ContentStore";
import type { Exclusion } from "./availability";
import type { InferenceLogEntry } from "./inferenceLog";
import type { AttributionMethod } from "./methods";
import type { Remainder } from "./tally";
import type { ProofKind, Rejection } from "./provenOutputs";
import { verifyProof, type Hex } from "./tree";

export const SETTLEMENT_FORMAT = "openledger-settlement/3";
export const PROOFS_FORMAT = "openledger-proofs/1";
/** The scheme of a posted settlement URI; the rest is the manifest's keccak-256. */
export const STORE_URI_PREFIX = "openledger-store:keccak256:";
/** The most bytes one chunk holds (a single entry longer than this gets a chunk of its own). */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Where the attributor keeps the proofs files it writes, one folder per chain and rewards contract. */
export const DEFAULT_SETTLEMENTS_DIR = path.join("data", "settlements");

/** Per proven inference and lineage entry: how much went to the version, how much the engine attributed, and how. */
export interface AllocationEntry {
  inferenceId: Hex;
  datanetId: string;
  version: number;
  amount: string;
  attributed: string;
  /** Exact influence (a Factory model trained on exactly the version) or the span method (methods.ts). */
  method: AttributionMethod;
}

/** An account's cumulative entitlement after an epoch. */
export interface CumulativeEntry {
  account: string;
  amount: string;
}

/** A version's amount held back because none of its contributions was available: added to its next epoch. */
export interface Withheld {
  datanetId: string;
  version: number;
  amount: string;
}

/** The published data behind one root: with the chain and the store, enough to recompute it (docs/settlement.md). */
export interface SettlementFile {
  format: typeof SETTLEMENT_FORMAT;
  chainId: number;
  rewards: string;
  epoch: number;
  /** The epoch whose cumulative totals this one adds to (0 for none): the newest earlier unrevoked one. */
  previousEpoch: number;
  previousRoot: Hex | null;
  fromBlock: number;
  toBlock: number;
  engine: Required<AttributeOptions>;
  /** The proven logged requests and outputs of the receipts in [fromBlock, toBlock], with how each was proven. */
  inferences: (InferenceLogEntry & { proof: ProofKind })[];
  /** Logged entries settled as unlogged, with the reason. */
  rejected: Rejection[];
  /** Per proven inference and lineage entry: how much went to the version, how much the engine attributed. */
  allocations: AllocationEntry[];
  /** Receipts without a proven output, aggregated per model and lineage entry: one row however many receipts. */
  unlogged: { modelId: string; receipts: number; datanetId: string; version: number; amount: string }[];
  /** Per version: the unattributed amount of the epoch, spread once by the credit measured in it (or by bytes). */
  remainders: Remainder[];
  /** Contributions that took no part this epoch, with the reason. */
  excluded: Exclusion[];
  /** Amounts of versions with no available contribution, carried to the next epoch. */
  withheld: Withheld[];
  /** Cumulative entitlement per account after this epoch, in account order. */
  cumulative: CumulativeEntry[];
  root: Hex;
  totalAllocated: string;
}

/**
 * The parts of a settlement published as chunks: every field that is a list (inferences, rejected, allocations,
 * unlogged, remainders, excluded, withheld, cumulative, and any list a later format adds). Everything else is the header, inside the manifest.
 */
export type SettlementPart = {
  [K in keyof SettlementFile]: SettlementFile[K] extends readonly unknown[] ? K : never;
}[keyof SettlementFile];

/** The list fields of a settlement, in code-unit order: the order of the manifest's parts. */
export function settlementParts(file: SettlementFile): SettlementPart[] {
  return (Object.keys(file) as (keyof SettlementFile)[])
    .filter((key): key is SettlementPart => Array.isArray(file[key]))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** One stored chunk: JSON Lines, one canonical-JSON entry per line. */
export interface ChunkRef {
  hash: ContentHash;
  size: number;
  entries: number;
}

export type SettlementHeader = Omit<SettlementFile, SettlementPart>;

/** What the posted data hash names: the header and the chunks of each part. */
export interface SettlementManifest {
  format: typeof SETTLEMENT_FORMAT;
  header: SettlementHeader;
  parts: Partial<Record<SettlementPart, ChunkRef[]>>;
}

export interface ProofEntry {
  account: string;
  cumulativeAmount: string;
  proof: Hex[];
}

/** What `rewards:claim` reads: every account's cumulative amount and proof against one root. */
export interface ProofsFile {
  format: typeof PROOFS_FORMAT;
  chainId: number;
  rewards: string;
  epoch: number;
  root: Hex;
  totalAllocated: string;
  claims: ProofEntry[];
}

/** A published settlement that cannot be read back as one: a bad URI, a wrong format, a damaged chunk. */
export class SettlementFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettlementFileError";
  }
}

/** The URI posted for a manifest hash. */
export const settlementUri = (hash: string): string => `${STORE_URI_PREFIX}${hash.toLowerCase()}`;

/** The manifest hash a posted URI names; any other URI is refused. */
export function parseSettlementUri(uri: string): ContentHash {
  const hash = uri.startsWith(STORE_URI_PREFIX) ? uri.slice(STORE_URI_PREFIX.length) : "";
  if (!isContentHash(hash)) {
    throw new SettlementFileError(`${JSON.stringify(uri)} is not a settlement URI (${STORE_URI_PREFIX}0x…)`);
  }
  return hash.toLowerCase() as ContentHash;
}

/** Cuts `entries` into JSON Lines chunks of at most CHUNK_BYTES, one at a time. */
export function* encodeChunks(entries: readonly object[], chunkBytes = CHUNK_BYTES): Generator<Buffer> {
  let lines: string[] = [];
  let size = 0;
  for (const entry of entries) {
    const line = canonicalJson(entry as JsonValue) + "\n";
    const bytes = Buffer.byteLength(line);
    if (size > 0 && size + bytes > chunkBytes) {
      yield Buffer.from(lines.join(""));
      lines = [];
      size = 0;
    }
    lines.push(line);
    size += bytes;
  }
  if (size > 0) yield Buffer.from(lines.join(""));
}

const countLines = (chunk: Buffer) => chunk.reduce((n, byte) => (byte === 0x0a ? n + 1 : n), 0);

/** The header of a settlement file: everything but its chunked parts. */
export function settlementHeader(file: SettlementFile): SettlementHeader {
  const header: Record<string, unknown> = { ...file };
  for (const part of settlementParts(file)) delete header[part];
  return header as SettlementHeader;
}

/** Encodes a settlement part by part, handing each chunk to `sink` (which stores it, or only hashes it). */
async function buildManifest(
  file: SettlementFile,
  sink: (chunk: Buffer) => Promise<void> | void,
  chunkBytes: number,
): Promise<SettlementManifest> {
  const parts: SettlementManifest["parts"] = {};
  for (const part of settlementParts(file)) {
    const refs: ChunkRef[] = [];
    for (const chunk of encodeChunks(file[part], chunkBytes)) {
      await sink(chunk);
      refs.push({ hash: keccak256(chunk) as ContentHash, size: chunk.length, entries: countLines(chunk) });
    }
    parts[part] = refs;
  }
  return { format: SETTLEMENT_FORMAT, header: settlementHeader(file), parts };
}

const manifestBytes = (manifest: SettlementManifest) => Buffer.from(canonicalJson(manifest as unknown as JsonValue));

/** The keccak-256 of a settlement's manifest: the `dataHash` posted with its root. Stores nothing. */
export async function settlementHash(file: SettlementFile, chunkBytes = CHUNK_BYTES): Promise<Hex> {
  return keccak256(manifestBytes(await buildManifest(file, () => undefined, chunkBytes))) as Hex;
}

export interface PublishedSettlement {
  dataHash: Hex;
  uri: string;
  manifest: SettlementManifest;
  /** Where the manifest lives in the store. */
  path: string;
}

/** Writes a settlement's chunks and manifest into the store; the manifest's hash is what gets posted. */
export async function writeSettlement(
  store: ContentStore,
  file: SettlementFile,
  chunkBytes = CHUNK_BYTES,
): Promise<PublishedSettlement> {
  const manifest = await buildManifest(file, async (chunk) => void (await store.put(chunk)), chunkBytes);
  const stored = await store.put(manifestBytes(manifest));
  return { dataHash: stored.hash, uri: settlementUri(stored.hash), manifest, path: stored.path };
}

/** Reads and checks the manifest a URI (or manifest hash) names. */
export async function readManifest(reader: ContentReader, uriOrHash: string): Promise<SettlementManifest> {
  const hash = isContentHash(uriOrHash) ? uriOrHash : parseSettlementUri(uriOrHash);
  const bytes = await reader.get(hash, `settlement manifest ${hash}`);
  let manifest: SettlementManifest;
  try {
    manifest = JSON.parse(Buffer.from(bytes).toString("utf8")) as SettlementManifest;
  } catch (error) {
    throw new SettlementFileError(`settlement manifest ${hash} is not JSON: ${(error as Error).message}`);
  }
  if (manifest?.format !== SETTLEMENT_FORMAT) {
    throw new SettlementFileError(`${hash} is not an ${SETTLEMENT_FORMAT} manifest`);
  }
  const parts = Object.values(manifest.parts ?? {});
  if (parts.length === 0 || !parts.every((refs) => Array.isArray(refs))) {
    throw new SettlementFileError(`manifest ${hash} does not list its parts' chunks`);
  }
  return manifest;
}

/** Reads the entries of one part, chunk by chunk; each chunk is hash-checked by the reader, then its size and count. */
export async function readPart<T>(reader: ContentReader, manifest: SettlementManifest, part: SettlementPart) {
  const entries: T[] = [];
  for (const [i, ref] of (manifest.parts[part] ?? []).entries()) {
    const chunk = Buffer.from(await reader.get(ref.hash, `${part} chunk ${i + 1} of epoch ${manifest.header.epoch}`));
    const lines = chunk.toString("utf8").split("\n");
    lines.pop();
    if (chunk.length !== ref.size || lines.length !== ref.entries) {
      throw new SettlementFileError(
        `${part} chunk ${i + 1} of epoch ${manifest.header.epoch} holds ${chunk.length} bytes in ${lines.length} ` +
          `entries; the manifest lists ${ref.size} bytes in ${ref.entries}`,
      );
    }
    for (const line of lines) entries.push(JSON.parse(line) as T);
  }
  return entries;
}

/** Reads a whole published settlement back, checking every hash on the way. */
export async function readSettlement(reader: ContentReader, uriOrHash: string): Promise<SettlementFile> {
  const manifest = await readManifest(reader, uriOrHash);
  const file: Record<string, unknown> = { ...manifest.header };
  for (const part of Object.keys(manifest.parts) as SettlementPart[]) {
    file[part] = await readPart(reader, manifest, part);
  }
  return file as unknown as SettlementFile;
}

/** The folder of one chain's and rewards contract's proofs files. */
export const settlementsDir = (chainId: bigint | number, rewards: string, base = DEFAULT_SETTLEMENTS_DIR) =>
  path.join(base, `${chainId}-${rewards.toLowerCase()}`);

export const proofsPath = (dir: string, epoch: number) => path.join(dir, `proofs-${epoch}.json`);

/** Writes a proofs file (small: one entry per account), creating its folder. */
export async function writeProofsFile(file: string, proofs: ProofsFile): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(proofs, null, 2));
}

/** Reads and validates a proofs file; every proof is checked against the file's root. */
export async function readProofsFile(file: string): Promise<ProofsFile> {
  let parsed: ProofsFile;
  try {
    parsed = JSON.parse(await readFile(file, "utf8")) as ProofsFile;
  } catch (error) {
    throw new Error(`cannot read proofs file ${file}: ${(error as Error).message}`);
  }
  if (parsed.format !== PROOFS_FORMAT) throw new Error(`${file} is not an ${PROOFS_FORMAT} file`);
  for (const entry of parsed.claims) {
    if (!verifyProof(parsed.root, entry)) {
      throw new Error(`${file}: the proof for ${entry.account} does not match root ${parsed.root}`);
    }
  }
  return parsed;
}
