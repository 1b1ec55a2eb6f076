// Turns one paid inference's data-pool amount into OPEN per contributor: lineage split, attribution, remainder rule.
import { splitAmount, type Share } from "../attribution/engine";
import { compareCodeUnits } from "../util/order";
import type { LineageEntry } from "../chain/types";

/** An approved contribution of a datanet version, with what the remainder rule and the engine need. */
export interface CorpusContribution {
  contributionId: bigint;
  contributor: string;
  /** The byte length of the stored data, measured (never the size its contributor declared on-chain). */
  sizeBytes: bigint;
  qualityBps: number;
}

/**
 * Splits a payment's data-pool amount across the lineage exactly as AttributionRewards does: entry i > 0 gets
 * `amount * weightBps_i / 10_000` (rounded down) and entry 0 the rest, so the parts always add up to `amount`.
 */
export function splitByLineage(amount: bigint, lineage: readonly LineageEntry[]): bigint[] {
  if (lineage.length === 0) return [];
  const parts = lineage.map((entry) => (amount * BigInt(entry.weightBps)) / 10_000n);
  const others = parts.slice(1).reduce((sum, part) => sum + part, 0n);
  // The contract's checked subtraction reverts here; a mirror must refuse too, never return a negative part.
  if (others > amount) throw new Error(`lineage weights after entry 0 take ${others} of ${amount}: more than all`);
  parts[0] = amount - others;
  return parts;
}

/** What a payment's split gives the model's owner and data pool, and, for an adapter, its base. */
export interface PoolSplit {
  modelOwnerAmount: bigint;
  dataPoolAmount: bigint;
  baseOwnerAmount: bigint;
  baseDataPoolAmount: bigint;
}

/**
 * An adapter's royalty exactly as AttributionRewards takes it: `royaltyBps` of the model-owner amount (rounded
 * down) to the base's owner, and `royaltyBps` of the data pool (rounded down) to the base's lineage unless the base
 * cites no data; the adapter keeps the rest, dust included.
 */
export function takeRoyalty(
  split: { modelOwnerAmount: bigint; dataPoolAmount: bigint },
  royaltyBps: number,
  baseHasLineage: boolean,
): PoolSplit {
  if (!Number.isInteger(royaltyBps) || royaltyBps < 0 || royaltyBps > 10_000) {
    throw new Error(`royalty ${royaltyBps} bps is not a whole number of basis points in [0, 10000]`);
  }
  const baseOwnerAmount = (split.modelOwnerAmount * BigInt(royaltyBps)) / 10_000n;
  const baseDataPoolAmount = baseHasLineage ? (split.dataPoolAmount * BigInt(royaltyBps)) / 10_000n : 0n;
  return {
    modelOwnerAmount: split.modelOwnerAmount - baseOwnerAmount,
    dataPoolAmount: split.dataPoolAmount - baseDataPoolAmount,
    baseOwnerAmount,
    baseDataPoolAmount,
  };
}

/** One datanet version's part of a payment's data pools. */
export interface PoolPart extends LineageEntry {
  amount: bigint;
  /** Whether the part comes from the base model's royalty rather than the model's own pool. */
  fromBase: boolean;
}

/**
 * A payment's data pools by datanet version, exactly as AttributionRewards credits them: the model's own pool split
 * across its lineage, then the base's royalty split across the base's lineage (each by `splitByLineage`). A version
 * cited by both appears twice, once per source. The parts sum to `dataPoolAmount + baseDataPoolAmount`.
 */
export function splitPools(
  amounts: { dataPoolAmount: bigint; baseDataPoolAmount: bigint },
  lineage: readonly LineageEntry[],
  baseLineage: readonly LineageEntry[],
): PoolPart[] {
  if (amounts.dataPoolAmount > 0n && lineage.length === 0) throw new Error("a data pool needs a lineage to go to");
  if (amounts.baseDataPoolAmount > 0n && baseLineage.length === 0) {
    throw new Error("a base's data royalty needs the base's lineage to go to");
  }
  const own = splitByLineage(amounts.dataPoolAmount, lineage);
  const base = splitByLineage(amounts.baseDataPoolAmount, baseLineage);
  return [
    ...lineage.map((entry, i) => ({ ...entry, amount: own[i], fromBase: false })),
    ...(amounts.baseDataPoolAmount === 0n
      ? []
      : baseLineage.map((entry, i) => ({ ...entry, amount: base[i], fromBase: true }))),
  ];
}

/**
 * Divides `total` in proportion to non-negative integer `weights` by the largest-remainder rule: each key gets the
 * floor of its exact part, then the leftover wei go one each to the largest remainders, ties to the smaller key
 * (keys compared as decimal integers when both are, else as strings). The parts sum to exactly `total`.
 * All weights zero: equal weights.
 */
export function proRata(total: bigint, weights: ReadonlyArray<readonly [string, bigint]>): Map<string, bigint> {
  const result = new Map<string, bigint>();
  if (weights.length === 0) {
    if (total !== 0n) throw new Error(`cannot divide ${total} among nobody`);
    return result;
  }
  for (const [key, weight] of weights) {
    if (weight < 0n) throw new Error(`negative weight for ${key}`);
    if (result.has(key)) throw new Error(`key ${key} appears twice`);
    result.set(key, 0n);
  }
  const sum = weights.reduce((acc, [, weight]) => acc + weight, 0n);
  const effective = sum === 0n ? weights.map(([key]) => [key, 1n] as const) : weights;
  const denominator = sum === 0n ? BigInt(weights.length) : sum;
  let assigned = 0n;
  const remainders: { key: string; remainder: bigint }[] = [];
  for (const [key, weight] of effective) {
    const exact = total * weight;
    const part = exact / denominator;
    result.set(key, part);
    assigned += part;
    remainders.push({ key, remainder: exact % denominator });
  }
  remainders.sort((a, b) =>
    a.remainder !== b.remainder ? (a.remainder > b.remainder ? -1 : 1) : compareKeys(a.key, b.key),
  );
  // The leftover is below the number of keys, since each floor loses less than one wei.
  for (let leftover = total - assigned, i = 0; leftover > 0n; leftover--, i++) {
    const { key } = remainders[i];
    result.set(key, result.get(key)! + 1n);
  }
  return result;
}

function compareKeys(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    const [x, y] = [BigInt(a), BigInt(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  return compareCodeUnits(a, b);
}

export interface VersionAllocation {
  /** Wei per contribution id (decimal string). */
  byContribution: Map<string, bigint>;
  /** The part the engine attributed to specific contributions. */
  attributed: bigint;
  /** The part it could not attribute, spread by the remainder rule. */
  unattributed: bigint;
}

/**
 * The attributed part of one datanet version's share of a payment: divided among the contributions the engine
 * credited, in exact integer arithmetic (`splitAmount` of the engine). What it could not attribute is returned as
 * `unattributed` and NOT spread here: settlement sums a version's unattributed amounts over the epoch and spreads
 * them once (tally.ts), so the work grows with versions, not with receipts.
 */
export function attributeVersion(
  amount: bigint,
  corpus: readonly CorpusContribution[],
  attribution: { shares: readonly Share[]; unattributed: number } | undefined,
): VersionAllocation {
  const known = idsOf(corpus);
  for (const { id } of attribution?.shares ?? []) {
    if (!known.has(id)) throw new Error(`attribution names contribution ${id}, which is not in the version`);
  }
  const { amounts, remainder } = splitAmount(amount, attribution?.shares ?? []);
  const byContribution = new Map<string, bigint>();
  for (const [id, value] of amounts) if (value > 0n) byContribution.set(id, value);
  return { byContribution, attributed: amount - remainder, unattributed: remainder };
}

/** The contribution ids of a version's corpus, built once per corpus (a payment is checked against it each time). */
const corpusIds = new WeakMap<readonly CorpusContribution[], Set<string>>();
function idsOf(corpus: readonly CorpusContribution[]): Set<string> {
  let ids = corpusIds.get(corpus);
  if (!ids) corpusIds.set(corpus, (ids = new Set(corpus.map((c) => c.contributionId.toString()))));
  return ids;
}

/**
 * The fallback remainder rule, for a version no output measured credit for this epoch (only unlogged receipts):
 * divides `amount` among all contributions of a version in proportion to `sizeBytes * qualityBps`, where `sizeBytes`
 * is the measured length of the stored data (never the declared one). With measured credit, the tally spreads by it
 * instead (`spreadRemainder` of the engine), where padding earns nothing.
 */
export function spreadByBytes(amount: bigint, corpus: readonly CorpusContribution[]): Map<string, bigint> {
  const byContribution = new Map<string, bigint>();
  if (amount === 0n) return byContribution;
  const spread = proRata(
    amount,
    corpus.map((c) => [c.contributionId.toString(), c.sizeBytes * BigInt(c.qualityBps)] as const),
  );
  for (const [id, value] of spread) if (value > 0n) byContribution.set(id, value);
  return byContribution;
}
