// First-author provenance of a corpus's own text: which contribution each token of the corpus really comes from.
import { TokenCorpus } from "./suffixArray";

/**
 * For every text position of `corpus`, the contribution that first wrote the token there.
 *
 * A window of `window` tokens that occurs in several contributions was copied, at that length, from the one of
 * them approved first (smallest `priority`); every token of a later holder's occurrence of such a window belongs
 * to that first author. A window found at more than `maxOccurrences` positions is common knowledge and stays with
 * each holder. A token covered by several copied windows belongs to the earliest of their first authors; a token
 * in no copied window belongs to its own contribution. Separators belong to their own contribution.
 *
 * An edited copy breaks its source's text into runs shorter than `window`. So, with `seedTokens` < `window`, a
 * window of `seedTokens` tokens that an earlier contribution also holds belongs to that one as well, when the same
 * first author already owns a token within `window` tokens of it (the copy is established; these are the pieces
 * between its edits), never on its own.
 *
 * The windows are the LCP intervals at each depth: one pass over the suffix array finds each interval and the
 * earliest holder in it, then each later occurrence marks its window. O(n · window) time, O(n) memory.
 */
export function firstAuthors(
  corpus: TokenCorpus,
  priority: Int32Array,
  window: number,
  maxOccurrences: number,
  seedTokens = window,
): Int32Array {
  const owner = Int32Array.from(corpus.contributionOf);
  if (window < 1) return owner;
  const long = copiedWindows(corpus, priority, window, maxOccurrences);
  for (let p = 0; p < owner.length; p++) {
    if (long[p] >= 0) for (let q = p; q < p + window; q++) owner[q] = earlier(owner[q], long[p], priority);
  }
  if (seedTokens >= window) return owner;
  // An edited copy: between its edits, shorter windows shared with the same first author, next to a long one.
  const short = copiedWindows(corpus, priority, seedTokens, maxOccurrences);
  const marked = Int32Array.from(owner);
  for (let p = 0; p < owner.length; p++) {
    const first = short[p];
    if (first < 0) continue;
    let near = false;
    for (let q = Math.max(0, p - window); q < Math.min(owner.length, p + seedTokens + window) && !near; q++) {
      near = owner[q] === first && corpus.contributionOf[q] === corpus.contributionOf[p];
    }
    if (near) for (let q = p; q < p + seedTokens; q++) marked[q] = earlier(marked[q], first, priority);
  }
  return marked;
}

/**
 * For each text position, the first author of the window of `window` tokens starting there when an earlier
 * contribution holds it too (and it is found at no more than `maxOccurrences` positions), or -1. The windows are
 * the LCP intervals at that depth: one pass over the suffix array.
 */
function copiedWindows(corpus: TokenCorpus, priority: Int32Array, window: number, maxOccurrences: number): Int32Array {
  const { sa, lcp, contributionOf } = corpus;
  const n = sa.length;
  const earliest = new Int32Array(n).fill(-1);
  for (let from = 0; from < n;) {
    let to = from + 1;
    while (to < n && lcp[to] >= window) to++;
    const size = to - from;
    if (size > 1 && size <= maxOccurrences) {
      let first = contributionOf[sa[from]];
      for (let r = from + 1; r < to; r++) first = earlier(first, contributionOf[sa[r]], priority);
      for (let r = from; r < to; r++) if (contributionOf[sa[r]] !== first) earliest[sa[r]] = first;
    }
    from = to;
  }
  return earliest;
}

/** The contribution of `a` and `b` approved first: smaller priority, then smaller index. */
function earlier(a: number, b: number, priority: Int32Array): number {
  return priority[b] < priority[a] || (priority[b] === priority[a] && b < a) ? b : a;
}
