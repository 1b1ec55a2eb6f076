// Span matching: the maximal runs of an output's tokens that occur somewhere in the corpus, with their SA ranges.
import { TokenCorpus } from "./suffixArray";

/**
 * A maximal span: output tokens `[start, end)` occur in the corpus, and no longer run of output tokens that
 * contains them does. The suffixes in ranks `[saStart, saEnd)` are exactly its occurrences.
 */
export interface Span {
  readonly start: number;
  readonly end: number;
  readonly saStart: number;
  readonly saEnd: number;
}

/**
 * Matching statistics of `output` (token ids; negative ids are unknown tokens and match nothing): for each output
 * position i, `length[i]` is the length of the longest run `output[i, i + length[i])` that occurs in the corpus,
 * and `[saStart[i], saEnd[i])` is the SA range of its occurrences (meaningless when the length is 0).
 *
 * Each extension narrows the current SA range by one token with two binary searches (O(log n)); moving from i
 * to i + 1 follows a suffix link: the run minus its first token occurs one position later, at a known rank, and
 * its range is the LCP interval around that rank (`LcpIntervals`, O(32 + log n)). The run's end never moves
 * back, so an output of m tokens costs O(m log n) whatever the corpus size and however long the matches.
 */
export function matchingStatistics(
  corpus: TokenCorpus,
  output: Int32Array,
): { length: Int32Array; saStart: Int32Array; saEnd: Int32Array } {
  const { text, sa, rank, intervals, tokenStart, vocabularySize, contributions } = corpus;
  const m = output.length;
  const length = new Int32Array(m);
  const saStart = new Int32Array(m);
  const saEnd = new Int32Array(m);

  // Invariant at the top of each iteration: [lo, hi) is the SA range of output[i, i + d) (when d > 0).
  let d = 0;
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < m; i++) {
    while (i + d < m) {
      const id = output[i + d];
      if (id < 0 || id >= vocabularySize) break;
      const symbol = id + contributions;
      let nextLo: number;
      let nextHi: number;
      if (d === 0) {
        nextLo = tokenStart[id];
        nextHi = tokenStart[id + 1];
      } else if (hi - lo === 1) {
        if (text[sa[lo] + d] !== symbol) break;
        nextLo = lo;
        nextHi = hi;
      } else {
        nextLo = firstAtLeast(text, sa, lo, hi, d, symbol);
        nextHi = firstAtLeast(text, sa, nextLo, hi, d, symbol + 1);
      }
      if (nextLo >= nextHi) break;
      lo = nextLo;
      hi = nextHi;
      d++;
    }
    length[i] = d;
    saStart[i] = lo;
    saEnd[i] = hi;
    if (d === 0) continue;
    d--;
    if (d > 0) {
      // Suffix link: output[i + 1, i + 1 + d) occurs at sa[lo] + 1; its range is the LCP interval around that rank.
      const r = rank[sa[lo] + 1];
      lo = intervals.start(r, d);
      hi = intervals.end(r, d);
    }
  }
  return { length, saStart, saEnd };
}

/**
 * The first rank x in [lo, hi) whose suffix has a symbol >= `symbol` at offset `depth`, or hi. Every suffix in
 * [lo, hi) shares its first `depth` symbols (none of them a separator), so the symbols at that offset are sorted
 * and exist: the text ends with a separator.
 */
export function firstAtLeast(
  text: Int32Array,
  sa: Int32Array,
  lo: number,
  hi: number,
  depth: number,
  symbol: number,
): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (text[sa[mid] + depth] < symbol) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The maximal spans of `output` at least `minSpanTokens` long, in output order (starts and ends both strictly
 * increasing). The end `i + length[i]` of the longest run from i never decreases with i, so the run from i is
 * contained in another occurring run exactly when the run from i - 1 ends at the same place.
 */
export function maximalSpans(corpus: TokenCorpus, output: Int32Array, minSpanTokens: number): Span[] {
  const { length, saStart, saEnd } = matchingStatistics(corpus, output);
  const spans: Span[] = [];
  for (let i = 0; i < output.length; i++) {
    const end = i + length[i];
    if (length[i] < minSpanTokens || length[i] === 0) continue;
    if (i > 0 && i - 1 + length[i - 1] >= end) continue;
    spans.push({ start: i, end, saStart: saStart[i], saEnd: saEnd[i] });
  }
  return spans;
}
