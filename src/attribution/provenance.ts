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
 * The windows are the LCP intervals at depth `window`: one pass over the suffix array finds each interval and the
 * earliest holder in it, then each later occurrence marks its window. O(n · window) time, O(n) memory.
 */
export function firstAuthors(
  corpus: TokenCorpus,
  priority: Int32Array,
  window: number,
  maxOccurrences: number,
): Int32Array {
  const { sa, lcp, contributionOf } = corpus;
  const n = sa.length;
  const owner = Int32Array.from(contributionOf);
  if (window < 1) return owner;
  // `earliest[p]` = the first author of the window starting at p, when it is a copy; -1 otherwise.
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
  for (let p = 0; p < n; p++) {
    const first = earliest[p];
    if (first < 0) continue;
    for (let q = p; q < p + window; q++) owner[q] = earlier(owner[q], first, priority);
  }
  return owner;
}

/** The contribution of `a` and `b` approved first: smaller priority, then smaller index. */
function earlier(a: number, b: number, priority: Int32Array): number {
  return priority[b] < priority[a] || (priority[b] === priority[a] && b < a) ? b : a;
}
