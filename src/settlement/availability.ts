// Loads a published datanet version for settlement: only contributions whose stored bytes are here, hash-checked,
// and match what was declared on-chain take part; every other one is excluded, with its reason, deterministically.
import { getAddress, keccak256, toUtf8Bytes } from "ethers";
import { AttributionIndex, type AttributeOptions } from "../attribution/engine";
import { ContentStoreError, type ContentStore } from "../store/ContentStore";
import { canonicalJson } from "../util/canonicalJson";
import type { CorpusContribution } from "./allocate";
import type { SettlementSource, VersionContribution } from "./source";

/** Why a contribution of a version takes no part in an epoch's settlement. */
export type ExclusionReason = "unavailable" | "size-mismatch";

/** A contribution excluded from a version's payouts this epoch, as the settlement file lists it. */
export interface Exclusion {
  contributionId: string;
  datanetId: string;
  version: number;
  reason: ExclusionReason;
  /** The size declared on-chain and the stored length, for a size mismatch. */
  declaredBytes?: string;
  storedBytes?: string;
}

/** One approved contribution's stored text, as a Factory model of the version was trained on it. */
export interface TrainingText {
  id: string;
  text: string;
  /** Zero for a contribution excluded from payouts (a size mismatch): it shaped the model but earns nothing. */
  qualityBps: number;
  /** Its place in approval order: the first author of shared text is the earliest approved. */
  priority: number;
}

export interface VersionCorpus {
  /** The contributions that take part: stored, hash-checked, of the declared size. */
  contributions: CorpusContribution[];
  /** The span index over the contributions that take part, with approval order as provenance. */
  index: AttributionIndex;
  /** Every approved contribution's text in approval order, or undefined when one is unavailable. */
  training: TrainingText[] | undefined;
  /** What the version's content is, for caching indexes built from it across epochs. */
  contentKey: string;
  excluded: Exclusion[];
  /**
   * Contributions excluded as unavailable only because the caller said so (`forcedUnavailable`), whose data this
   * store does hold: a verifier reports them as a finding.
   */
  heldAnyway: string[];
}

/**
 * Built indexes, across epochs: a version never changes, so its index is keyed by what it is built from (each
 * taking-part contribution's id, content hash, quality and its contributor's reputation, in order, and the engine),
 * not by where it came from. Only the index is reused: every epoch still reads and checks the version's data, so
 * data that became unavailable is seen. Bounded, oldest dropped first: an index holds its whole corpus.
 */
const INDEX_CACHE = new Map<string, AttributionIndex>();
export const INDEX_CACHE_SIZE = 8;

type CorpusText = { id: string; text: string; qualityBps: number; priority: number };

/** What a version's content is: each record's id, content hash and quality, in approval order. */
function contentKeyOf(records: readonly VersionContribution[]): string {
  return keccak256(
    toUtf8Bytes(canonicalJson(records.map((r) => [r.contributionId.toString(), r.contentHash, r.qualityBps]))),
  );
}

/** The index of `texts`, built once per distinct version content. */
function indexOf(
  texts: readonly CorpusText[],
  taking: readonly VersionContribution[],
  engine: Required<AttributeOptions>,
) {
  const key = keccak256(toUtf8Bytes(canonicalJson({ engine, content: contentKeyOf(taking) })));
  let index = INDEX_CACHE.get(key);
  if (!index) {
    index = AttributionIndex.build(texts, engine);
    INDEX_CACHE.set(key, index);
    if (INDEX_CACHE.size > INDEX_CACHE_SIZE) INDEX_CACHE.delete(INDEX_CACHE.keys().next().value!);
  }
  return index;
}

/**
 * Loads a published datanet version as of `blockTag`. A contribution whose data is missing from the store, or
 * fails its hash check, is excluded as unavailable; one whose stored length differs from its declared `sizeBytes`
 * is excluded as a size mismatch (its contributor declared what it does not have). The ids in
 * `forcedUnavailable` are excluded as unavailable whatever the store holds: a verifier recomputes with the
 * settlement's recorded set, so holding more data than the attributor did changes nothing but a finding.
 */
export async function loadVersionCorpus(
  source: Pick<SettlementSource, "versionContributions">,
  store: ContentStore,
  where: { datanetId: bigint; version: number; blockTag: number },
  engine: Required<AttributeOptions>,
  forcedUnavailable: ReadonlySet<string> = new Set(),
): Promise<VersionCorpus> {
  const { datanetId, version, blockTag } = where;
  const records = await source.versionContributions(datanetId, version, blockTag);
  const contributions: CorpusContribution[] = [];
  const taking: VersionContribution[] = [];
  const texts: CorpusText[] = [];
  const excluded: Exclusion[] = [];
  const heldAnyway: string[] = [];
  const exclude = (id: bigint, reason: ExclusionReason, sizes?: { declared: bigint; stored: number }) =>
    excluded.push({
      contributionId: id.toString(),
      datanetId: datanetId.toString(),
      version,
      reason,
      ...(sizes ? { declaredBytes: sizes.declared.toString(), storedBytes: sizes.stored.toString() } : {}),
    });
  const training: TrainingText[] = [];
  let complete = true;
  for (const [priority, record] of records.entries()) {
    const { contributionId: id, qualityBps } = record;
    const bytes = await storedBytes(store, record.contentHash, `contribution ${id} of datanet ${datanetId}`);
    if (forcedUnavailable.has(id.toString())) {
      if (bytes) heldAnyway.push(id.toString());
      exclude(id, "unavailable");
      complete = false;
      continue;
    }
    if (!bytes) {
      exclude(id, "unavailable");
      complete = false;
      continue;
    }
    const text = Buffer.from(bytes).toString("utf8");
    if (BigInt(bytes.length) !== record.sizeBytes) {
      exclude(id, "size-mismatch", { declared: record.sizeBytes, stored: bytes.length });
      training.push({ id: id.toString(), text, qualityBps: 0, priority });
      continue;
    }
    const contributor = getAddress(record.contributor);
    contributions.push({ contributionId: id, contributor, sizeBytes: BigInt(bytes.length), qualityBps });
    taking.push(record);
    texts.push({ id: id.toString(), text, qualityBps, priority });
    training.push({ id: id.toString(), text, qualityBps, priority });
  }
  return {
    contributions,
    index: indexOf(texts, taking, engine),
    training: complete ? training : undefined,
    contentKey: contentKeyOf(records),
    excluded,
    heldAnyway,
  };
}

/** The stored bytes under `hash`, hash-checked; undefined when the store does not hold them intact. */
export async function storedBytes(store: ContentStore, hash: string, label: string): Promise<Uint8Array | undefined> {
  try {
    return await store.get(hash, label);
  } catch (error) {
    if (error instanceof ContentStoreError) return undefined;
    throw error;
  }
}
