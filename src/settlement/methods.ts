// Which attribution method settles a proven output for one version: exact influence where the version is exactly the
// data the Model Factory model that generated it was trained on, the span method everywhere else.
import { InfluenceIndex, InfluenceMismatchError } from "../attribution/influence";
import type { NgramModel } from "../factory/ngram";
import { attributeVersion, type VersionAllocation } from "./allocate";
import type { VersionCorpus } from "./availability";
import type { InferenceLogEntry } from "./inferenceLog";

export type AttributionMethod = "influence" | "spans";

/** The Factory weights an output was regenerated from, as the registry names them. */
export interface FactoryWeights {
  model: NgramModel;
  weightsHash: string;
}

/** A version's part of one payment, as one method divided it. */
export interface VersionCredit extends VersionAllocation {
  method: AttributionMethod;
}

/**
 * Influence indexes across epochs, keyed by the version's content and the weights: `null` records that the weights
 * were not trained on exactly this version (so the span method settles it). Bounded, oldest dropped first.
 */
const INFLUENCE_CACHE = new Map<string, InfluenceIndex | null>();
export const INFLUENCE_CACHE_SIZE = 8;

/**
 * Divides `amount` of `corpus`'s version for the proven output `entry`. With `factory` (the output was regenerated
 * from those weights) and every approved contribution of the version available, the weights are checked against the
 * version's texts (`InfluenceIndex.build`: the same documents, every n-gram count the output uses found in them) and
 * each contribution gets the exact integer part of `amount` its training counts supplied (docs/attribution-fidelity.md).
 * Otherwise, or when the weights turn out to be trained on other data, the span method over the version's contributions
 * that take part divides it. What neither attributes is returned as `unattributed`.
 */
export function creditOutput(
  amount: bigint,
  corpus: VersionCorpus,
  entry: InferenceLogEntry,
  factory: FactoryWeights | undefined,
): VersionCredit {
  const influence = factory ? influenceIndexOf(corpus, factory) : undefined;
  if (influence) {
    try {
      const { credits, totalParts } = influence.attribute(entry.output, { prompt: entry.prompt });
      return { method: "influence", ...byCredits(amount, corpus, credits, totalParts) };
    } catch (error) {
      if (!(error instanceof InfluenceMismatchError)) throw error;
      // A count the version does not hold: these weights saw other data, and only the span method can say more.
    }
  }
  return { method: "spans", ...attributeVersion(amount, corpus.contributions, corpus.index.attribute(entry.output)) };
}

/** `amount · parts / totalParts` (rounded down) per contribution that takes part; the rest is unattributed. */
function byCredits(
  amount: bigint,
  corpus: VersionCorpus,
  credits: readonly { id: string; parts: bigint }[],
  totalParts: bigint,
): VersionAllocation {
  const taking = new Set(corpus.contributions.map((c) => c.contributionId.toString()));
  const byContribution = new Map<string, bigint>();
  let attributed = 0n;
  if (totalParts > 0n) {
    for (const { id, parts } of credits) {
      const value = (amount * parts) / totalParts;
      if (value === 0n || !taking.has(id)) continue;
      byContribution.set(id, value);
      attributed += value;
    }
  }
  return { byContribution, attributed, unattributed: amount - attributed };
}

function influenceIndexOf(corpus: VersionCorpus, factory: FactoryWeights): InfluenceIndex | undefined {
  if (!corpus.training) return undefined;
  const key = `${corpus.contentKey}:${factory.weightsHash.toLowerCase()}`;
  let index = INFLUENCE_CACHE.get(key);
  if (index === undefined) {
    try {
      index = InfluenceIndex.build(factory.model, corpus.training);
    } catch (error) {
      if (!(error instanceof InfluenceMismatchError)) throw error;
      index = null;
    }
    INFLUENCE_CACHE.set(key, index);
    if (INFLUENCE_CACHE.size > INFLUENCE_CACHE_SIZE) INFLUENCE_CACHE.delete(INFLUENCE_CACHE.keys().next().value!);
  }
  return index ?? undefined;
}
