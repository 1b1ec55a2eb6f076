// Curator's copy check: how much of a submission is already in the approved data, and whose data it repeats.
import { AttributionIndex, type Share } from "./engine";

/** Spans this long or longer are evidence of copying: boilerplate runs are shorter. */
export const COPY_SPAN_TOKENS = 12;
/** A submission more than this fraction covered by such spans is a copy. */
export const COPY_COVERAGE = 0.8;

export interface NoveltyReport {
  tokens: number;
  /** Tokens of the submission inside a span of at least `minSpanTokens` that the approved data already holds. */
  covered: number;
  coverage: number;
  /** Whose approved data the submission repeats, by attribution share, most first. */
  overlaps: Share[];
  isCopy: boolean;
}

/**
 * Measures a submission against an index of the approved contributions. Unlike attribution, commonness is not
 * discounted here: a copy of a popular file is still a copy.
 */
export function novelty(
  index: AttributionIndex,
  text: string,
  options: { minSpanTokens?: number; copyCoverage?: number } = {},
): NoveltyReport {
  const minSpanTokens = options.minSpanTokens ?? COPY_SPAN_TOKENS;
  const tokens = index.encode(text);
  const covered = new Uint8Array(tokens.length);
  for (const span of index.spans(tokens, minSpanTokens)) covered.fill(1, span.start, span.end);
  const count = covered.reduce((sum, flag) => sum + flag, 0);
  const coverage = tokens.length === 0 ? 0 : count / tokens.length;
  return {
    tokens: tokens.length,
    covered: count,
    coverage,
    overlaps: index.attribute(text, { minSpanTokens, maxOccurrences: Number.MAX_SAFE_INTEGER }).shares.slice(0, 5),
    isCopy: coverage > (options.copyCoverage ?? COPY_COVERAGE),
  };
}

/** Indexes approved texts (id → text) for `novelty`. */
export function approvedIndex(approved: ReadonlyArray<{ id: string; text: string }>): AttributionIndex {
  return AttributionIndex.build(approved.map(({ id, text }) => ({ id, text })));
}
