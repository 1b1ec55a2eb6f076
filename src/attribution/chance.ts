// The chance model: how long a chain of matches must be before it shows copying rather than shared phrasing.
import { TokenCorpus } from "./suffixArray";

/** The tolerated rate of chance credit: the share of a new same-domain text's tokens the gate lets through. */
export const DEFAULT_CHANCE_RATE = 0.01;

/** Longer matches are counted together: the quartiles that the threshold reads lie far below. */
const HISTOGRAM_CAP = 4096;

/**
 * The chance threshold of a corpus: the number of equal tokens a chain of evidence needs before it is credited.
 *
 * The null hypothesis is "new text of the same domain that copies nothing here". Its matches are measured on the
 * corpus itself, leave-one-out: at every corpus position, λ is the length of the longest run starting there that
 * also occurs in *another* contribution (`crossMatchLengths`). A match is sampled where a maximal one starts
 * (λ >= 1, and the previous position's match does not reach as far: λ(p − 1) <= λ(p)), so a copied passage is one
 * sample, not one per token. Short matches are the body of that distribution and are chance (shared words and
 * idiom); the tail is where the corpus's own copying lives (code is copied from file to file, packages ship each
 * other's READMEs), so the tail is not read off but extrapolated from the body. Chance matches of Markov-like text
 * have a geometric tail: past the median Q50 of the sampled lengths, each further token continues a match with a
 * constant probability ρ, read off the upper quartile Q75 (the tail halves from Q50 to Q75; Q75 − Q50 at least 1):
 *
 *     ρ = 2^(−1 / (Q75 − Q50)),     P(λ >= ℓ) ≈ ½ · ρ^(ℓ − Q50) for ℓ >= Q50,
 *
 * and such a match covers ℓ + ρ / (1 − ρ) tokens on average (overlaps counted twice). The threshold ℓ* is the
 * smallest ℓ >= max(`minSpanTokens`, Q50) at which the tokens chance covers, per token of text, are at most `rate`:
 *
 *     (starts / tokens) · ½ · ρ^(ℓ − Q50) · (ℓ + ρ / (1 − ρ)) <= rate.
 *
 * Quartiles are robust: copies inside the corpus move them only when they are a quarter of all matches, and
 * then only upwards, so the error is on the side of crediting less. O(n), deterministic (integer counts, then
 * powers and comparisons in a fixed order).
 */
export function chanceThreshold(corpus: TokenCorpus, options: { minSpanTokens: number; rate?: number }): number {
  const { minSpanTokens, rate = DEFAULT_CHANCE_RATE } = options;
  if (!(rate > 0 && rate < 1)) throw new RangeError(`chance rate must be in (0, 1), got ${rate}`);
  const lengths = crossMatchLengths(corpus);
  const histogram = new Float64Array(HISTOGRAM_CAP + 1);
  let tokens = 0;
  let previous = 0;
  for (let p = 0; p < lengths.length; p++) {
    if (corpus.text[p] < corpus.contributions) {
      previous = 0; // a separator
      continue;
    }
    tokens++;
    const length = lengths[p];
    if (length >= minSpanTokens && previous <= length) histogram[Math.min(length, HISTOGRAM_CAP)]++;
    previous = length;
  }
  return thresholdFromHistogram(histogram, tokens, rate, minSpanTokens);
}

/** ℓ* from the histogram of sampled match lengths and the token count, as `chanceThreshold` documents. */
export function thresholdFromHistogram(
  histogram: Float64Array,
  tokens: number,
  rate: number,
  minSpanTokens: number,
): number {
  let starts = 0;
  for (const count of histogram) starts += count;
  if (starts === 0 || tokens === 0) return minSpanTokens;
  const q50 = quantile(histogram, starts, 0.5);
  const spread = Math.max(1, quantile(histogram, starts, 0.75) - q50);
  const rho = Math.pow(2, -1 / spread);
  const overshoot = rho / (1 - rho);
  const perToken = starts / tokens;
  let threshold = Math.max(minSpanTokens, Math.ceil(q50));
  while (perToken * 0.5 * Math.pow(rho, threshold - q50) * (threshold + overshoot) > rate) threshold++;
  return threshold;
}

/** The q-quantile of the values a histogram counts, interpolated between neighbouring values. */
function quantile(histogram: Float64Array, total: number, q: number): number {
  const at = (total - 1) * q;
  const valueAt = (rank: number): number => {
    let seen = 0;
    for (let value = 0; value < histogram.length; value++) {
      seen += histogram[value];
      if (seen > rank) return value;
    }
    return histogram.length - 1;
  };
  const low = valueAt(Math.floor(at));
  const high = valueAt(Math.min(total - 1, Math.floor(at) + 1));
  return low + (high - low) * (at - Math.floor(at));
}

/**
 * For each text position, the length of the longest run starting there that also starts somewhere in another
 * contribution: the longest common prefix with the nearest suffix, above or below in the suffix array, of another
 * contribution. Two passes over the suffix array, O(n): when the rank above belongs to the same contribution, the
 * nearest other one above is that rank's, and the common prefix can only shrink to lcp[r].
 */
export function crossMatchLengths(corpus: TokenCorpus): Int32Array {
  const { sa, lcp, contributionOf } = corpus;
  const n = sa.length;
  const best = new Int32Array(n);
  let run = 0;
  for (let r = 1; r < n; r++) {
    run = contributionOf[sa[r - 1]] !== contributionOf[sa[r]] ? lcp[r] : Math.min(run, lcp[r]);
    best[sa[r]] = run;
  }
  run = 0;
  for (let r = n - 2; r >= 0; r--) {
    run = contributionOf[sa[r + 1]] !== contributionOf[sa[r]] ? lcp[r + 1] : Math.min(run, lcp[r + 1]);
    if (run > best[sa[r]]) best[sa[r]] = run;
  }
  return best;
}
