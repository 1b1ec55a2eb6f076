// Proof-of-Attribution engine: indexes contributions and measures whose data shaped a generated output.
import { compareCodeUnits } from "../util/order";
import { chanceThreshold } from "./chance";
import { assignTokens, chainMatched, findRegions } from "./evidence";
import { type Share } from "./split";
import { maximalSpans, Span } from "./spans";
import { buildTokenCorpus, CorpusPhase, TokenCorpus } from "./suffixArray";
import { Vocabulary } from "./tokenize";

export { SHARE_SCALE, splitAmount, type Share, type Split } from "./split";

/** One piece of contributed data. */
export interface Contribution {
  /** Unique id; results are sorted and tie-broken by it (UTF-16 code-unit order, never locale order). */
  id: string;
  text: string;
  /** Curated quality in basis points, 0..10000; default 10000. */
  qualityBps?: number;
  /**
   * Approval order: where several contributions hold the same text, the one with the smallest priority is its
   * first author and earns it. A non-negative integer; equal priorities, and contributions without one (which
   * come after all that have one), are ordered by id.
   */
  priority?: number;
  /**
   * Reviews of this contributor's data. Checked, but they no longer scale credit: the engine measures whose data
   * shaped an output, and a reputation discount let a fresh address start above an account with rejections.
   */
  approved?: number;
  rejected?: number;
}

/** Parameters of the scoring rule. */
export interface AttributeOptions {
  /** Shortest exact span (in tokens) that seeds evidence; default `DEFAULT_MIN_SPAN_TOKENS`. */
  minSpanTokens?: number;
  /** A span occurring at more corpus positions than this is common knowledge; default `DEFAULT_MAX_OCCURRENCES`. */
  maxOccurrences?: number;
}

/** What `AttributionIndex.build` reports while it works. */
export interface BuildProgress {
  phase: "tokenize" | CorpusPhase | "chance";
  /** Work done so far in this phase: characters for "tokenize", 0 or 1 for the others. */
  done: number;
  total: number;
}

/** Build parameters: the defaults `attribute` uses, the chance model's, and a progress callback. */
export interface BuildOptions extends AttributeOptions {
  /** Tolerated rate of chance credit (see `chanceThreshold`); default `DEFAULT_CHANCE_RATE`. */
  chanceRate?: number;
  onProgress?: (progress: BuildProgress) => void;
}

/** The result of attributing one output. */
export interface Attribution {
  /** Contributions with a positive share, by share descending, then id ascending. */
  shares: Share[];
  /** `1 - sum(shares)`: tokens no evidence covers, evidence below the chance threshold, quality discounts. */
  unattributed: number;
}

export const DEFAULT_MIN_SPAN_TOKENS = 4;
export const DEFAULT_MAX_OCCURRENCES = 100;
export const MAX_QUALITY_BPS = 10_000;

/** The engine's options when nobody chooses others: what settlement attributes with. */
export const DEFAULT_ENGINE: Required<AttributeOptions> = {
  minSpanTokens: DEFAULT_MIN_SPAN_TOKENS,
  maxOccurrences: DEFAULT_MAX_OCCURRENCES,
};

/**
 * An immutable index over a set of contributions, answering `attribute(output)`.
 *
 * ## Scoring rule
 * The output is tokenized (see `tokenize.ts`) into m tokens, each carrying a mass of 1/m.
 *
 * 1. **Seeds and regions** (`findRegions`): every maximal exact span of at least `minSpanTokens` tokens found at no
 *    more than `maxOccurrences` corpus positions (more is common knowledge) seeds an alignment at each occurrence,
 *    extended by X-drop along its diagonal, so a copy with words replaced is one region.
 * 2. **Chains** (`chainMatched`): a contribution's regions separated by at most `minSpanTokens` output tokens, in
 *    order, form one chain; its evidence is the number of equal tokens in it.
 * 3. **Chance gate** (`chanceThreshold`): a region counts only if its chain's evidence reaches the corpus's chance
 *    threshold, the match length that new same-domain text reaches by chance at no more than `chanceRate` of its
 *    positions (extrapolated from the corpus's own leave-one-out matches). Shorter matches are idiom, not copying,
 *    and earn nothing.
 * 4. **Provenance** (`assignTokens`): each output token goes whole to one counting region covering it: one that
 *    holds that very token over one where it was edited, then the earliest `priority` (the first author), then id
 *    order. A later copy earns only the tokens it adds.
 * 5. The token's 1/m is credited to that region's contribution times its quality q = qualityBps / 10000.
 *
 * A contribution's share is the sum of its tokens' credit; `unattributed = 1 − Σ shares`.
 *
 * ## Determinism
 * Contributions are sorted by id (code-unit order) before anything else, so token ids, the suffix array, the
 * chance threshold and every tie are independent of input order; each share is a sum of 1/m · q in token order.
 */
export class AttributionIndex {
  private constructor(
    /** Contribution ids in index order (sorted). */
    readonly ids: readonly string[],
    /** q(c) for each contribution, in index order. */
    private readonly factors: Float64Array,
    /** Rank of each contribution in approval order (0 = first author). */
    private readonly priority: Int32Array,
    private readonly vocabulary: Vocabulary,
    private readonly corpus: TokenCorpus,
    /** Number of tokens in the corpus (separators excluded). */
    readonly tokenCount: number,
    private readonly defaults: Required<AttributeOptions>,
    /** Evidence (equal tokens in a chain) a region needs to earn anything: the corpus's chance threshold. */
    readonly chanceSpanTokens: number,
  ) {}

  /** Indexes `contributions`; their order does not matter. Throws on a duplicate id or an out-of-range field. */
  static build(contributions: readonly Contribution[], options: BuildOptions = {}): AttributionIndex {
    const defaults = resolveOptions(options, {
      minSpanTokens: DEFAULT_MIN_SPAN_TOKENS,
      maxOccurrences: DEFAULT_MAX_OCCURRENCES,
    });
    const sorted = [...contributions].sort((a, b) => compareCodeUnits(a.id, b.id));
    const factors = new Float64Array(sorted.length);
    sorted.forEach((contribution, c) => {
      if (c > 0 && sorted[c - 1].id === contribution.id) {
        throw new Error(`duplicate contribution id "${contribution.id}"`);
      }
      factors[c] = creditFactor(contribution);
    });

    const report = options.onProgress ?? (() => {});
    const totalChars = sorted.reduce((sum, contribution) => sum + contribution.text.length, 0);
    const vocabulary = new Vocabulary();
    const sequences: Int32Array[] = [];
    let chars = 0;
    let tokenCount = 0;
    report({ phase: "tokenize", done: 0, total: totalChars });
    for (const contribution of sorted) {
      const sequence = vocabulary.encode(contribution.text, true);
      sequences.push(sequence);
      tokenCount += sequence.length;
      chars += contribution.text.length;
      report({ phase: "tokenize", done: chars, total: totalChars });
    }
    const corpus = buildTokenCorpus(sequences, vocabulary.size, (phase, done) =>
      report({ phase, done: done ? 1 : 0, total: 1 }),
    );
    report({ phase: "chance", done: 0, total: 1 });
    const threshold = chanceThreshold(corpus, { minSpanTokens: defaults.minSpanTokens, rate: options.chanceRate });
    report({ phase: "chance", done: 1, total: 1 });
    return new AttributionIndex(
      sorted.map((contribution) => contribution.id),
      factors,
      approvalRanks(sorted),
      vocabulary,
      corpus,
      tokenCount,
      defaults,
      threshold,
    );
  }

  /** Number of contributions indexed. */
  get contributionCount(): number {
    return this.ids.length;
  }

  /** Number of distinct tokens in the corpus. */
  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** Bytes of the index's typed arrays (text, suffix array, rank, LCP and its intervals, owners, token ranges). */
  get arrayBytes(): number {
    const { text, sa, rank, lcp, contributionOf, tokenStart, intervals } = this.corpus;
    const arrays = [text, sa, rank, lcp, contributionOf, tokenStart, this.factors, this.priority];
    return arrays.reduce((sum, array) => sum + array.byteLength, 0) + intervals.byteLength;
  }

  /** The token ids of `text` in this index's vocabulary; tokens the corpus never uses are `UNKNOWN_TOKEN`. */
  encode(text: string): Int32Array {
    return this.vocabulary.encode(text);
  }

  /** The maximal spans of `output` of at least `minSpanTokens` tokens, common or not. */
  spans(output: Int32Array, minSpanTokens = this.defaults.minSpanTokens): Span[] {
    return maximalSpans(this.corpus, output, minSpanTokens);
  }

  /** Measures whose data shaped `outputText`, by the rule documented on the class. */
  attribute(outputText: string, options: AttributeOptions = {}): Attribution {
    return this.attributeTokens(this.encode(outputText), options);
  }

  /** `attribute` for an output already encoded with `encode`. */
  attributeTokens(output: Int32Array, options: AttributeOptions = {}): Attribution {
    const resolved = resolveOptions(options, this.defaults);
    const m = output.length;
    const { corpus } = this;
    const regions = findRegions(corpus, output, resolved);
    const chains = chainMatched(regions, resolved.minSpanTokens);
    const counting = regions.filter((_, k) => chains[k] >= this.chanceSpanTokens);
    if (counting.length === 0) return { shares: [], unattributed: 1 };
    const owner = assignTokens(counting, output, corpus.text, corpus.contributions, this.priority);

    const tokens = new Map<number, number>(); // contribution → tokens earned
    for (let t = 0; t < m; t++) {
      if (owner[t] < 0) continue;
      const c = counting[owner[t]].contribution;
      tokens.set(c, (tokens.get(c) ?? 0) + 1);
    }
    const shares = [...tokens]
      .map(([c, count]) => ({ id: this.ids[c], share: (count / m) * this.factors[c] }))
      .filter((entry) => entry.share > 0)
      .sort((a, b) => b.share - a.share || compareCodeUnits(a.id, b.id));
    let sum = 0;
    for (const entry of shares) sum += entry.share;
    return { shares, unattributed: 1 - sum };
  }
}

/** Each contribution's rank in approval order: by priority (absent last), then by index (= id order). */
export function approvalRanks(sorted: ReadonlyArray<{ id: string; priority?: number }>): Int32Array {
  const order = sorted.map((contribution, c) => {
    const { id, priority } = contribution;
    if (priority !== undefined && (!Number.isSafeInteger(priority) || priority < 0)) {
      throw new RangeError(`contribution "${id}": priority must be a non-negative integer, got ${priority}`);
    }
    return { c, priority: priority ?? Number.POSITIVE_INFINITY };
  });
  order.sort((a, b) => (a.priority === b.priority ? a.c - b.c : a.priority < b.priority ? -1 : 1));
  const ranks = new Int32Array(sorted.length);
  order.forEach(({ c }, rank) => (ranks[c] = rank));
  return ranks;
}

function resolveOptions(options: AttributeOptions, defaults: Required<AttributeOptions>): Required<AttributeOptions> {
  const minSpanTokens = options.minSpanTokens ?? defaults.minSpanTokens;
  const maxOccurrences = options.maxOccurrences ?? defaults.maxOccurrences;
  if (!Number.isSafeInteger(minSpanTokens) || minSpanTokens < 1) {
    throw new RangeError(`minSpanTokens must be a positive integer, got ${minSpanTokens}`);
  }
  if (!Number.isSafeInteger(maxOccurrences) || maxOccurrences < 1) {
    throw new RangeError(`maxOccurrences must be a positive integer, got ${maxOccurrences}`);
  }
  return { minSpanTokens, maxOccurrences };
}

/** q(c) of the scoring rule, after checking every field. */
export function creditFactor(contribution: Contribution): number {
  const { id, qualityBps = MAX_QUALITY_BPS, approved = 0, rejected = 0 } = contribution;
  if (!Number.isInteger(qualityBps) || qualityBps < 0 || qualityBps > MAX_QUALITY_BPS) {
    throw new RangeError(`contribution "${id}": qualityBps must be an integer in 0..10000, got ${qualityBps}`);
  }
  for (const [name, value] of [
    ["approved", approved],
    ["rejected", rejected],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`contribution "${id}": ${name} must be a non-negative integer, got ${value}`);
    }
  }
  return qualityBps / MAX_QUALITY_BPS;
}
