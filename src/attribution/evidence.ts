// Evidence of copying: exact spans seeded into alignments that survive edits, chained per contribution.
import { maximalSpans, type Span } from "./spans";
import { TokenCorpus } from "./suffixArray";

/**
 * One alignment of output tokens `[start, end)` with corpus text positions `[start + diagonal, end + diagonal)`,
 * all inside one contribution. `matched` of its tokens are equal on both sides; the others were edited.
 */
export interface Region {
  readonly contribution: number;
  readonly diagonal: number;
  readonly start: number;
  readonly end: number;
  readonly matched: number;
}

/** What `findRegions` needs besides the corpus and the output. */
export interface RegionOptions {
  /** Exact spans shorter than this seed nothing. */
  minSpanTokens: number;
  /** Exact spans found at more corpus positions than this are common knowledge and seed nothing. */
  maxOccurrences: number;
  /** A contribution whose occurrences are ignored (the leave-one-out null), or -1. */
  exclude?: number;
}

/**
 * The alignments of `output` with the corpus. Every seed (by default, every maximal exact span of at least
 * `minSpanTokens` tokens) found at no more than `maxOccurrences` positions and in fewer than `commonHolders`
 * contributions (more is common knowledge) fixes a diagonal at each occurrence (text position minus output
 * position), and the seed is extended along that diagonal in both directions by X-drop (as BLAST extends
 * its hits): +1 for an equal token, −1 for a different one, stopping once the score falls `minSpanTokens` below
 * its best, and keeping the extent at the best score. So a copy with words replaced stays one region, while the
 * extension dies within a few tokens in text that is not a copy. An extension never crosses the end of a
 * contribution, nor the previous region on its diagonal; a seed inside an existing region adds nothing.
 *
 * Cost: the seeds' occurrences (at most `maxOccurrences` each) times the extension lengths, which are bounded by the
 * output; O(m log n) to find the seeds.
 */
export function findRegions(
  corpus: TokenCorpus,
  output: Int32Array,
  options: RegionOptions,
  seeds: readonly Span[] = maximalSpans(corpus, output, options.minSpanTokens),
): Region[] {
  const { minSpanTokens, maxOccurrences, exclude = -1 } = options;
  const { sa, text, contributionOf, contributions } = corpus;
  const m = output.length;
  const reached = new Map<number, number>(); // diagonal → end of the last region on it
  const regions: Region[] = [];
  for (const span of seeds) {
    if (span.saEnd - span.saStart > maxOccurrences) continue;
    // Occurrences in text order, so that regions on one diagonal are found left to right and ties are fixed.
    const positions = Array.from(sa.subarray(span.saStart, span.saEnd)).sort((a, b) => a - b);
    if (distinctHolders(positions, contributionOf) >= commonHolders(contributions)) continue;
    for (const position of positions) {
      const contribution = contributionOf[position];
      if (contribution === exclude) continue;
      const diagonal = position - span.start;
      const floor = reached.get(diagonal) ?? 0;
      if (span.end <= floor) continue;
      // A seed that starts inside the previous region on its diagonal continues it from where it ended.
      const seedStart = Math.max(span.start, floor);
      const length = span.end - seedStart;
      const left = extend(text, contributions, output, seedStart - 1, diagonal, -1, floor, minSpanTokens);
      const right = extend(text, contributions, output, span.end, diagonal, 1, m, minSpanTokens);
      const start = seedStart - left.length;
      const end = span.end + right.length;
      reached.set(diagonal, end);
      regions.push({ contribution, diagonal, start, end, matched: length + left.matched + right.matched });
    }
  }
  return regions.sort((a, b) => a.start - b.start || a.diagonal - b.diagonal);
}

/**
 * How many distinct contributions must hold a span for it to be common knowledge of the domain rather than one
 * author's text: ⌈√D⌉ of D contributions, and at least 3 (two holders are an original and its copy). √, as
 * for the copy check's shared vocabulary: what a domain shares grows with its size, but more slowly.
 */
export function commonHolders(contributions: number): number {
  return Math.max(3, Math.ceil(Math.sqrt(contributions)));
}

/** The number of distinct contributions among sorted text positions. */
function distinctHolders(sortedPositions: readonly number[], contributionOf: Int32Array): number {
  let count = 0;
  let last = -1;
  for (const position of sortedPositions) {
    const c = contributionOf[position];
    if (c !== last) {
      count++;
      last = c;
    }
  }
  return count;
}

/**
 * X-drop extension from output position `from` in direction `step` (±1) along `diagonal`, not past `limit`
 * (exclusive when stepping right, inclusive lower bound when stepping left). Returns how many tokens the best
 * extent adds and how many of them are equal.
 */
function extend(
  text: Int32Array,
  contributions: number,
  output: Int32Array,
  from: number,
  diagonal: number,
  step: 1 | -1,
  limit: number,
  drop: number,
): { length: number; matched: number } {
  let score = 0;
  let best = 0;
  let bestLength = 0;
  let bestMatched = 0;
  let matched = 0;
  for (let i = from, length = 1; step > 0 ? i < limit : i >= limit; i += step, length++) {
    const j = i + diagonal;
    if (j < 0 || j >= text.length || text[j] < contributions) break; // a separator: the contribution ends
    if (output[i] >= 0 && output[i] + contributions === text[j]) {
      score++;
      matched++;
    } else {
      score--;
    }
    if (score > best) {
      best = score;
      bestLength = length;
      bestMatched = matched;
    } else if (best - score >= drop) {
      break;
    }
  }
  return { length: bestLength, matched: bestMatched };
}

/**
 * Chains the regions of each contribution: consecutive regions (by output start) of one contribution whose output
 * gap is at most `gap` tokens and whose diagonals differ by at most `gap` (a few tokens inserted or deleted, the
 * same place in the text otherwise) form one chain, and each region gets its chain's total
 * `matched` count. Matches from one contribution separated by small edits thus weigh as one piece of evidence.
 * Returns the chain total of each region, by index in `regions`.
 */
export function chainMatched(regions: readonly Region[], gap: number): Int32Array {
  const totals = new Int32Array(regions.length);
  const byContribution = new Map<number, number[]>();
  regions.forEach((region, k) => {
    const list = byContribution.get(region.contribution);
    if (list) list.push(k);
    else byContribution.set(region.contribution, [k]);
  });
  for (const list of byContribution.values()) {
    let chainStart = 0;
    let sum = 0;
    for (let x = 0; x <= list.length; x++) {
      const region = x < list.length ? regions[list[x]] : undefined;
      const previous = x > 0 ? regions[list[x - 1]] : undefined;
      const joins =
        region !== undefined &&
        previous !== undefined &&
        region.start - previous.end <= gap &&
        Math.abs(region.diagonal - previous.diagonal) <= gap;
      if (x > 0 && !joins) {
        for (let y = chainStart; y < x; y++) totals[list[y]] = sum;
        chainStart = x;
        sum = 0;
      }
      if (region !== undefined) sum += region.matched;
    }
  }
  return totals;
}

/**
 * For each output token, the region that earns it, or -1. Among the regions covering a token, one whose
 * contribution has that very token wins over one where it was edited; then the earliest `priority` (approval
 * order: the first author), then the smaller contribution index.
 */
export function assignTokens(
  regions: readonly Region[],
  output: Int32Array,
  text: Int32Array,
  contributions: number,
  priority: Int32Array,
): Int32Array {
  const owner = new Int32Array(output.length).fill(-1);
  const active: number[] = [];
  let next = 0;
  for (let t = 0; t < output.length; t++) {
    while (next < regions.length && regions[next].start <= t) active.push(next++);
    let best = -1;
    let bestExact = 0;
    for (let a = active.length - 1; a >= 0; a--) {
      const region = regions[active[a]];
      if (region.end <= t) {
        active.splice(a, 1);
        continue;
      }
      const exact = output[t] >= 0 && output[t] + contributions === text[t + region.diagonal] ? 1 : 0;
      const c = region.contribution;
      const b = best < 0 ? undefined : regions[best].contribution;
      if (
        b === undefined ||
        exact > bestExact ||
        (exact === bestExact && (priority[c] < priority[b] || (priority[c] === priority[b] && c < b)))
      ) {
        best = active[a];
        bestExact = exact;
      }
    }
    owner[t] = best;
  }
  return owner;
}
