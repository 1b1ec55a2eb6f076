// Curator's copy check: how much of a submission is already in the approved data, disguised or not, and whose.
import { AttributionIndex, type Share } from "./engine";
import { documentFrequencies, normalize, normalizedBlocks, sharedVocabulary } from "./normalize";
import { countTokens } from "./tokenize";
import { compareCodeUnits } from "../util/order";

/** Spans this long or longer are evidence of copying: boilerplate runs are shorter. */
export const COPY_SPAN_TOKENS = 12;
/** A submission more than this fraction covered by such spans is a copy. */
export const COPY_COVERAGE = 0.8;

export interface NoveltyReport {
  /** Tokens of the submission, in the form (raw or normalised) whose coverage is reported. */
  tokens: number;
  /** Of those, the tokens inside a span of at least `minSpanTokens` that the approved data already holds. */
  covered: number;
  /** The larger of `rawCoverage` and `normalizedCoverage`. */
  coverage: number;
  /** Coverage of the text as written. */
  rawCoverage?: number;
  /** Coverage after normalisation (comments, layout, names and literals taken out; see `normalize`). */
  normalizedCoverage?: number;
  /** Whose approved data the submission repeats, by attribution share, most first. */
  overlaps: Share[];
  isCopy: boolean;
}

/** The approved data, indexed as written and normalised. */
export class NoveltyIndex {
  constructor(
    readonly raw: AttributionIndex,
    readonly normalized: AttributionIndex,
    /** The shared vocabulary that normalisation keeps. */
    readonly shared: ReadonlySet<string>,
    /** The normalised blocks of the approved data that are long enough to be evidence on their own. */
    readonly blocks: ReadonlySet<string>,
  ) {}
}

/**
 * Measures a submission against the approved contributions. Coverage is measured twice: on the text as written,
 * and on both sides normalised (`normalize`: comments stripped, layout ignored, names and numbers outside the
 * approved data's shared vocabulary replaced by placeholders), so that inserted comments and renamed identifiers
 * do not hide a copy. Matching is by spans, in whatever order, so reordered blocks longer than a span are caught;
 * a normalised block (text between blank lines) of at least `minSpanTokens` tokens that the approved data holds
 * whole is covered too, however short, so that shuffling short blocks does not hide them. On the normalised form a span must also reach the normalised corpus's chance threshold
 * (placeholders make short runs match more often). Unlike attribution, commonness is not discounted here: a copy
 * of a popular file is still a copy. An `AttributionIndex` (of raw texts) is measured as written only.
 */
export function novelty(
  index: NoveltyIndex | AttributionIndex,
  text: string,
  options: { minSpanTokens?: number; copyCoverage?: number } = {},
): NoveltyReport {
  const minSpanTokens = options.minSpanTokens ?? COPY_SPAN_TOKENS;
  const rawIndex = index instanceof NoveltyIndex ? index.raw : index;
  const raw = coverageOf(rawIndex, text, minSpanTokens);
  const normalized =
    index instanceof NoveltyIndex
      ? coverageOf(
          index.normalized,
          normalize(text, index.shared),
          Math.max(minSpanTokens, index.normalized.chanceSpanTokens),
          (block) => countTokens(block) >= minSpanTokens && index.blocks.has(block),
        )
      : raw;
  const best = normalized.coverage > raw.coverage ? normalized : raw;
  const bestIndex = best === raw ? rawIndex : (index as NoveltyIndex).normalized;
  return {
    tokens: best.tokens,
    covered: best.covered,
    coverage: best.coverage,
    rawCoverage: raw.coverage,
    normalizedCoverage: normalized.coverage,
    overlaps: bestIndex
      .attribute(best.text, { minSpanTokens: best.minSpanTokens, maxOccurrences: Number.MAX_SAFE_INTEGER })
      .shares.slice(0, 5),
    isCopy: best.coverage > (options.copyCoverage ?? COPY_COVERAGE),
  };
}

/** Indexes approved texts (id → text) for `novelty`. */
export function approvedIndex(approved: ReadonlyArray<{ id: string; text: string }>): NoveltyIndex {
  const shared = sharedVocabulary(documentFrequencies(approved.map(({ text }) => text)), approved.length);
  const blocks = new Set<string>();
  const normalized = approved.map(({ id, text }) => {
    const own = normalizedBlocks(text, shared);
    for (const block of own) if (countTokens(block) >= COPY_SPAN_TOKENS) blocks.add(block);
    return { id, text: own.sort(compareCodeUnits).join("\n\n") };
  });
  return new NoveltyIndex(
    AttributionIndex.build(approved.map(({ id, text }) => ({ id, text }))),
    AttributionIndex.build(normalized),
    shared,
    blocks,
  );
}

/**
 * Tokens of `text` inside spans of at least `minSpanTokens` that `index` holds, or inside a block (text between
 * blank lines) that `knownBlock` recognises whole: a block moved elsewhere is caught even when shorter than a span.
 */
function coverageOf(
  index: AttributionIndex,
  text: string,
  minSpanTokens: number,
  knownBlock: (block: string) => boolean = () => false,
) {
  const tokens = index.encode(text);
  const covered = new Uint8Array(tokens.length);
  for (const span of index.spans(tokens, minSpanTokens)) covered.fill(1, span.start, span.end);
  let at = 0;
  for (const block of text.split("\n\n")) {
    const length = countTokens(block);
    if (knownBlock(block)) covered.fill(1, at, at + length);
    at += length;
  }
  const count = covered.reduce((sum, flag) => sum + flag, 0);
  return {
    text,
    minSpanTokens,
    tokens: tokens.length,
    covered: count,
    coverage: tokens.length === 0 ? 0 : count / tokens.length,
  };
}
