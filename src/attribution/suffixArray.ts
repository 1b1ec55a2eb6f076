// Suffix array (SA-IS), LCP array and LCP-interval queries over the concatenated token corpus.

/**
 * The suffix array of `s`: the start positions of its suffixes in increasing lexicographic order (a proper prefix
 * sorts before the longer string). Every symbol must lie in `[0, upper]`.
 *
 * SA-IS (Nong, Zhang & Chan 2009), after the AtCoder Library's formulation: O(n + upper) time and memory, with
 * no comparison of suffixes at all, so long repeated substrings cost nothing extra. The only symbol-by-symbol
 * comparison is between LMS substrings, whose lengths add up to at most n.
 */
export function suffixArray(s: Int32Array, upper: number): Int32Array {
  const n = s.length;
  if (n === 0) return new Int32Array(0);
  if (n === 1) return Int32Array.of(0);
  if (n === 2) return s[0] < s[1] ? Int32Array.of(0, 1) : Int32Array.of(1, 0);

  const sa = new Int32Array(n);
  // isS[i] = 1 when suffix i is S-type (smaller than suffix i + 1); the last suffix is L-type.
  const isS = new Uint8Array(n);
  for (let i = n - 2; i >= 0; i--) {
    isS[i] = s[i] === s[i + 1] ? isS[i + 1] : s[i] < s[i + 1] ? 1 : 0;
  }
  // Bucket c holds the L-type suffixes starting with c from sumL[c], then the S-type ones from sumS[c].
  const sumL = new Int32Array(upper + 2);
  const sumS = new Int32Array(upper + 2);
  for (let i = 0; i < n; i++) {
    if (isS[i] === 0) sumS[s[i]]++;
    else sumL[s[i] + 1]++;
  }
  for (let c = 0; c <= upper; c++) {
    sumS[c] += sumL[c];
    if (c < upper) sumL[c + 1] += sumS[c];
  }
  const buf = new Int32Array(upper + 2);

  const induce = (lms: Int32Array): void => {
    sa.fill(-1);
    buf.set(sumS);
    for (let k = 0; k < lms.length; k++) {
      const d = lms[k];
      if (d !== n) sa[buf[s[d]]++] = d;
    }
    buf.set(sumL);
    sa[buf[s[n - 1]]++] = n - 1;
    for (let k = 0; k < n; k++) {
      const v = sa[k];
      if (v >= 1 && isS[v - 1] === 0) sa[buf[s[v - 1]]++] = v - 1;
    }
    buf.set(sumL);
    for (let k = n - 1; k >= 0; k--) {
      const v = sa[k];
      if (v >= 1 && isS[v - 1] === 1) sa[--buf[s[v - 1] + 1]] = v - 1;
    }
  };

  // LMS positions: S-type suffixes whose left neighbour is L-type.
  const lmsMap = new Int32Array(n + 1).fill(-1);
  let m = 0;
  for (let i = 1; i < n; i++) if (isS[i - 1] === 0 && isS[i] === 1) lmsMap[i] = m++;
  const lms = new Int32Array(m);
  for (let i = 1, k = 0; i < n; i++) if (isS[i - 1] === 0 && isS[i] === 1) lms[k++] = i;

  induce(lms);

  if (m > 0) {
    const sortedLms = new Int32Array(m);
    for (let k = 0, j = 0; k < n; k++) {
      const v = sa[k];
      if (v >= 0 && lmsMap[v] !== -1) sortedLms[j++] = v;
    }
    // Name the LMS substrings by rank; equal substrings share a name, and the names form the reduced string.
    const reduced = new Int32Array(m);
    let reducedUpper = 0;
    reduced[lmsMap[sortedLms[0]]] = 0;
    for (let k = 1; k < m; k++) {
      let l = sortedLms[k - 1];
      let r = sortedLms[k];
      const endL = lmsMap[l] + 1 < m ? lms[lmsMap[l] + 1] : n;
      const endR = lmsMap[r] + 1 < m ? lms[lmsMap[r] + 1] : n;
      let same = true;
      if (endL - l !== endR - r) {
        same = false;
      } else {
        while (l < endL && s[l] === s[r]) {
          l++;
          r++;
        }
        if (l === n || s[l] !== s[r]) same = false;
      }
      if (!same) reducedUpper++;
      reduced[lmsMap[sortedLms[k]]] = reducedUpper;
    }
    const reducedSa = suffixArray(reduced, reducedUpper);
    for (let k = 0; k < m; k++) sortedLms[k] = lms[reducedSa[k]];
    induce(sortedLms);
  }
  return sa;
}

/** The inverse of a suffix array: `rank[sa[r]] = r`. */
export function inverseSuffixArray(sa: Int32Array): Int32Array {
  const rank = new Int32Array(sa.length);
  for (let r = 0; r < sa.length; r++) rank[sa[r]] = r;
  return rank;
}

/**
 * The LCP array: `lcp[r]` is the length of the longest common prefix of the suffixes at ranks r - 1 and r, and
 * `lcp[0] = 0`. Kasai et al.'s algorithm, O(n): the prefix shared with the previous rank shrinks by at most one
 * from one text position to the next, so the inner loop advances at most 2n times in all.
 */
export function lcpArray(s: Int32Array, sa: Int32Array, rank: Int32Array): Int32Array {
  const n = s.length;
  const lcp = new Int32Array(n);
  let h = 0;
  for (let i = 0; i < n; i++) {
    const r = rank[i];
    if (r === 0) {
      h = 0;
      continue;
    }
    const j = sa[r - 1];
    while (i + h < n && j + h < n && s[i + h] === s[j + h]) h++;
    lcp[r] = h;
    if (h > 0) h--;
  }
  return lcp;
}

const BLOCK_SHIFT = 5;
const BLOCK = 1 << BLOCK_SHIFT;

/**
 * Finds, for a rank and a depth, the SA interval of the suffixes that share at least `depth` symbols with the
 * suffix at that rank: the LCP interval that suffix links lead to. Minima of LCP blocks of 32 with a sparse table
 * over them answer "nearest rank whose LCP is below depth" in O(32 + log n), using n / 32 · log(n / 32) extra ints.
 */
export class LcpIntervals {
  private readonly levels: Int32Array[] = [];
  private readonly blocks: number;

  constructor(private readonly lcp: Int32Array) {
    const n = lcp.length;
    this.blocks = (n + BLOCK - 1) >> BLOCK_SHIFT;
    const base = new Int32Array(this.blocks);
    for (let b = 0; b < this.blocks; b++) {
      let min = 0x7fffffff;
      const end = Math.min(n, (b + 1) << BLOCK_SHIFT);
      for (let x = b << BLOCK_SHIFT; x < end; x++) if (lcp[x] < min) min = lcp[x];
      base[b] = min;
    }
    this.levels.push(base);
    for (let span = 2; span <= this.blocks; span *= 2) {
      const previous = this.levels[this.levels.length - 1];
      const half = span >> 1;
      const level = new Int32Array(this.blocks - span + 1);
      for (let b = 0; b < level.length; b++) level[b] = Math.min(previous[b], previous[b + half]);
      this.levels.push(level);
    }
  }

  /** Bytes of the block minima and the sparse table over them. */
  get byteLength(): number {
    return this.levels.reduce((sum, level) => sum + level.byteLength, 0);
  }

  /** The first rank of the interval: the largest x <= rank with lcp[x] < depth (lcp[0] = 0 stops it), or 0. */
  start(rank: number, depth: number): number {
    if (depth <= 0) return 0;
    const lcp = this.lcp;
    const blockStart = (rank >> BLOCK_SHIFT) << BLOCK_SHIFT;
    for (let x = rank; x >= blockStart; x--) if (lcp[x] < depth) return x;
    // Binary lifting leftwards over whole blocks whose minimum is still >= depth.
    let b = rank >> BLOCK_SHIFT;
    for (let j = this.levels.length - 1; j >= 0; j--) {
      const width = 1 << j;
      if (b - width >= 0 && this.levels[j][b - width] >= depth) b -= width;
    }
    for (let x = (b << BLOCK_SHIFT) - 1; ; x--) if (lcp[x] < depth) return x;
  }

  /** One past the last rank of the interval: the smallest x > rank with lcp[x] < depth, or n. */
  end(rank: number, depth: number): number {
    const lcp = this.lcp;
    const n = lcp.length;
    if (depth <= 0) return n;
    const blockEnd = Math.min(n, ((rank >> BLOCK_SHIFT) + 1) << BLOCK_SHIFT);
    for (let x = rank + 1; x < blockEnd; x++) if (lcp[x] < depth) return x;
    let b = (rank >> BLOCK_SHIFT) + 1;
    for (let j = this.levels.length - 1; j >= 0; j--) {
      const width = 1 << j;
      if (b + width <= this.blocks && this.levels[j][b] >= depth) b += width;
    }
    if (b >= this.blocks) return n;
    for (let x = b << BLOCK_SHIFT; ; x++) if (lcp[x] < depth) return x;
  }
}

/**
 * The searchable corpus: every contribution's token ids, each followed by its own separator.
 *
 * Symbols: the separator after contribution c is `c`, token id t is `t + contributions`. Separators are unique,
 * so no common prefix (and no match) ever runs across the end of a contribution, and they sort before every token.
 */
export interface TokenCorpus {
  /** Number of contributions (= separators). */
  readonly contributions: number;
  /** Number of distinct token ids; ids are `0 .. vocabularySize - 1`. */
  readonly vocabularySize: number;
  /** The concatenated symbols; length = tokens + contributions. */
  readonly text: Int32Array;
  /** Suffix array of `text`. */
  readonly sa: Int32Array;
  /** Inverse suffix array: `rank[sa[r]] = r`. */
  readonly rank: Int32Array;
  /** `lcp[r]` = common prefix length of the suffixes at ranks r - 1 and r. */
  readonly lcp: Int32Array;
  /** LCP-interval queries over `lcp`. */
  readonly intervals: LcpIntervals;
  /** For each text position, the index of the contribution it belongs to (a separator belongs to the one it ends). */
  readonly contributionOf: Int32Array;
  /** Suffixes that start with token t occupy ranks `[tokenStart[t], tokenStart[t + 1])`. */
  readonly tokenStart: Int32Array;
}

/** The build phases `buildTokenCorpus` reports, in order. */
export type CorpusPhase = "suffix-array" | "lcp";

/**
 * Builds the corpus over `sequences` (token ids of each contribution, in contribution order), whose ids lie in
 * `[0, vocabularySize)`. O(n + vocabulary + contributions) time and memory.
 */
export function buildTokenCorpus(
  sequences: readonly Int32Array[],
  vocabularySize: number,
  onPhase: (phase: CorpusPhase, done: boolean) => void = () => {},
): TokenCorpus {
  const contributions = sequences.length;
  let n = contributions;
  for (const sequence of sequences) n += sequence.length;
  const text = new Int32Array(n);
  const contributionOf = new Int32Array(n);
  const frequency = new Int32Array(vocabularySize + 1);
  let at = 0;
  for (let c = 0; c < contributions; c++) {
    const sequence = sequences[c];
    for (let k = 0; k < sequence.length; k++) {
      const id = sequence[k];
      if (id < 0 || id >= vocabularySize) throw new RangeError(`token id ${id} outside the vocabulary`);
      frequency[id + 1]++;
      text[at] = id + contributions;
      contributionOf[at++] = c;
    }
    text[at] = c;
    contributionOf[at++] = c;
  }
  // Separators take ranks 0 .. contributions - 1; then one bucket per token id, in id order.
  const tokenStart = new Int32Array(vocabularySize + 1);
  tokenStart[0] = contributions;
  for (let t = 1; t <= vocabularySize; t++) tokenStart[t] = tokenStart[t - 1] + frequency[t];

  onPhase("suffix-array", false);
  const sa = suffixArray(text, Math.max(0, contributions + vocabularySize - 1));
  onPhase("suffix-array", true);
  onPhase("lcp", false);
  const rank = inverseSuffixArray(sa);
  const lcp = lcpArray(text, sa, rank);
  const intervals = new LcpIntervals(lcp);
  onPhase("lcp", true);
  return { contributions, vocabularySize, text, sa, rank, lcp, intervals, contributionOf, tokenStart };
}
