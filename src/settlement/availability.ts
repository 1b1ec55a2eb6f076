// Loads a published datanet version for settlement: only contributions whose stored bytes are here, hash-checked,
// and match what was declared on-chain take part; every other one is excluded, with its reason, deterministically.
import { getAddress } from "ethers";
import type { Datanet } from "../../typechain-types";
import { AttributionIndex, type AttributeOptions } from "../attribution/engine";
import { ContentStoreError, type ContentStore } from "../store/ContentStore";
import type { CorpusContribution } from "./allocate";

const PAGE = 500n;

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

export interface VersionCorpus {
  /** The contributions that take part: stored, hash-checked, of the declared size. */
  contributions: CorpusContribution[];
  index: AttributionIndex;
  excluded: Exclusion[];
  /**
   * Contributions excluded as unavailable only because the caller said so (`forcedUnavailable`), whose data this
   * store does hold: a verifier reports them as a finding.
   */
  heldAnyway: string[];
}

/**
 * Loads a published datanet version as of `blockTag`. A contribution whose data is missing from the store, or
 * fails its hash check, is excluded as unavailable; one whose stored length differs from its declared `sizeBytes`
 * is excluded as a size mismatch (its contributor declared what it does not have). The ids in
 * `forcedUnavailable` are excluded as unavailable whatever the store holds: a verifier recomputes with the
 * settlement's recorded set, so holding more data than the attributor did changes nothing but a finding.
 */
export async function loadVersionCorpus(
  datanet: Datanet,
  store: ContentStore,
  where: { datanetId: bigint; version: number; blockTag: number },
  engine: Required<AttributeOptions>,
  forcedUnavailable: ReadonlySet<string> = new Set(),
): Promise<VersionCorpus> {
  const { datanetId, version, blockTag } = where;
  const ids = await versionIds(datanet, datanetId, version, blockTag);
  const contributions: CorpusContribution[] = [];
  const texts: { id: string; text: string; qualityBps: number; approved: number; rejected: number }[] = [];
  const excluded: Exclusion[] = [];
  const heldAnyway: string[] = [];
  const reputations = new Map<string, [number, number]>();
  const exclude = (id: bigint, reason: ExclusionReason, sizes?: { declared: bigint; stored: number }) =>
    excluded.push({
      contributionId: id.toString(),
      datanetId: datanetId.toString(),
      version,
      reason,
      ...(sizes ? { declaredBytes: sizes.declared.toString(), storedBytes: sizes.stored.toString() } : {}),
    });
  for (const id of ids) {
    const c = await datanet.getContribution(id, { blockTag });
    const bytes = await storedBytes(store, c.contentHash, `contribution ${id} of datanet ${datanetId}`);
    if (forcedUnavailable.has(id.toString())) {
      if (bytes) heldAnyway.push(id.toString());
      exclude(id, "unavailable");
      continue;
    }
    if (!bytes) {
      exclude(id, "unavailable");
      continue;
    }
    if (BigInt(bytes.length) !== c.sizeBytes) {
      exclude(id, "size-mismatch", { declared: c.sizeBytes, stored: bytes.length });
      continue;
    }
    const contributor = getAddress(c.contributor);
    if (!reputations.has(contributor)) {
      const [approved, rejected] = await datanet.reputation(datanetId, contributor, { blockTag });
      reputations.set(contributor, [Number(approved), Number(rejected)]);
    }
    const [approved, rejected] = reputations.get(contributor)!;
    const qualityBps = Number(c.qualityBps);
    contributions.push({ contributionId: id, contributor, sizeBytes: BigInt(bytes.length), qualityBps });
    texts.push({ id: id.toString(), text: Buffer.from(bytes).toString("utf8"), qualityBps, approved, rejected });
  }
  return { contributions, index: AttributionIndex.build(texts, engine), excluded, heldAnyway };
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

async function versionIds(datanet: Datanet, datanetId: bigint, version: number, blockTag: number) {
  const ids: bigint[] = [];
  for (let offset = 0n; ; offset += PAGE) {
    const page = await datanet.versionContributions(datanetId, version, offset, PAGE, { blockTag });
    ids.push(...page);
    if (BigInt(page.length) < PAGE) return ids;
  }
}
