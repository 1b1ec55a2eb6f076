// Proof-of-Attribution engine: indexes contributions and measures whose data shaped a generated output.
import { compareCodeUnits } from "../util/order";
import { maximalSpans, Span } from "./spans";
import { buildTokenCorpus, CorpusPhase, TokenCorpus } from "./suffixArray";
import { Vocabulary } from "./tokenize";

/** One piece of contributed data. */
export interface Contribution {
  /** Unique id; results are sorted and tie-broken by it (UTF-16 code-unit order, never locale order). */
  id: string;
  text: string;
  /** Curated quality in basis points, 0..10000; default 10000. */
  qualityBps?: number;
  /** Number of times reviewers approved this contributor's data; default 0. */
  approved?: number;
  /** Number of times reviewers rejected it; default 0. */
  rejected?: number;
}

/** Parameters of the scoring rule. */
export interface AttributeOptions {
  /** Shortest span (in tokens) that counts as evidence; default `DEFAULT_MIN_SPAN_TOKENS`. */
  minSpanTokens?: number;
  /** A span occurring at more corpus positions than this is common knowledge; default `DEFAULT_MAX_OCCURRENCES`. */
  maxOccurrences?: number;
}

/** What `AttributionIndex.build` reports while it works. */
export interface BuildProgress {
  phase: "tokenize" | CorpusPhase;
  /** Work done so far in this phase: characters for "tokenize", 0 or 1 for the others. */
  done: number;
  total: number;
}

/** Build parameters: the defaults `attribute` uses, and a progress callback. */
export interface BuildOptions extends AttributeOptions {
  onProgress?: (progress: BuildProgress) => void;
}

export interface Share {
  id: string;
  share: number;
}

/** The result of attributing one output. */
export interface Attribution {
  /** Contributions with a positive share, by share descending, then id ascending. */
  shares: Share[];
  /** `1 - sum(shares)`: uncovered tokens, common knowledge and every discount. */
  unattributed: number;
}

export const DEFAULT_MIN_SPAN_TOKENS = 4;
export const DEFAULT_MAX_OCCURRENCES = 100;
/** The scoring parameters `attribute` uses when given none. */
export const DEFAULT_ATTRIBUTE_OPTIONS: Required<AttributeOptions> = {
  minSpanTokens: DEFAULT_MIN_SPAN_TOKENS,
  maxOccurrences: DEFAULT_MAX_OCCURRENCES,
};
export const MAX_QUALITY_BPS = 10_000;

/**
 * An immutable index over a set of contributions, answering `attribute(output)`.
 *
 * ## Scoring rule
 * The output is tokenized (see `tokenize.ts`) into m tokens, each carrying a mass of 1/m. Its evidence is the set
 * of maximal spans (see `spans.ts`) of length ℓ >= `minSpanTokens` (L below) that occur at `occ` <= `maxOccurrences`
 * (K below) corpus positions; a span occurring more often is common knowledge and credits nobody. For such a span s
 * held by the k distinct contributions H(s):
 *
 * - weight            w(s)   = ℓ²  (superlinear: where spans overlap, a token's mass goes mostly to the longest)
 * - mass              M(s)   = (1/m) · Σ_{t ∈ s} w(s) / Σ_{s' ∋ t} w(s')  (each token's 1/m split by weight)
 * - length confidence λ(s)   = ℓ / (ℓ + L)  (a span of exactly L tokens keeps half its mass: short matches are
 *                                             often coincidence; ℓ·λ = ℓ²/(ℓ+L) grows superlinearly in ℓ)
 * - commonness        idf(s) = 1 − ln(occ) / ln(K + 1)  (1 for a unique span, falling smoothly to ≈ 0 at the
 *                                                         common-knowledge cap instead of dropping off a cliff)
 * - each holder c ∈ H(s) receives M(s) · λ(s) · idf(s) / k · q(c) · r(c), where
 *   quality q(c) = qualityBps / 10000 and reputation r(c) = (approved + 1) / (approved + rejected + 1).
 *
 * The reputation is Laplace-like but starts at 1, not 1/2: an unreviewed contribution keeps full credit, every
 * rejection lowers it, and approvals earn back what rejections took. A contribution's share is the sum of what it
 * receives; `unattributed = 1 − Σ shares` collects uncovered tokens, common knowledge and every discount above.
 *
 * ## Determinism
 * Contributions are sorted by id (code-unit order) before anything else, so token ids, the suffix array and the
 * order of every floating-point sum are independent of input order; the arithmetic is IEEE-754 doubles plus V8's
 * software `Math.log`, so results are identical on every machine running the same Node.js.
 */
export class AttributionIndex {
  // Scratch space, so that attributing an output allocates O(output) and not O(contributions): `stamp` deduplicates
  // a span's holders, `credit` and `credited` accumulate per contribution and are zero again after each call.
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly credit: Float64Array;
  private readonly credited: Uint8Array;

  private constructor(
    /** Contribution ids in index order (sorted). */
    readonly ids: readonly string[],
    /** q(c) · r(c) for each contribution, in index order. */
    private readonly factors: Float64Array,
    private readonly vocabulary: Vocabulary,
    private readonly corpus: TokenCorpus,
    /** Number of tokens in the corpus (separators excluded). */
    readonly tokenCount: number,
    private readonly defaults: Required<AttributeOptions>,
  ) {
    this.stamp = new Int32Array(ids.length);
    this.credit = new Float64Array(ids.length);
    this.credited = new Uint8Array(ids.length);
  }

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
    return new AttributionIndex(
      sorted.map((contribution) => contribution.id),
      factors,
      vocabulary,
      corpus,
      tokenCount,
      defaults,
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
    const { minSpanTokens, maxOccurrences } = resolveOptions(options, this.defaults);
    const output = this.encode(outputText);
    const m = output.length;
    const spans = this.spans(output, minSpanTokens).filter((s) => s.saEnd - s.saStart <= maxOccurrences);
    if (spans.length === 0) return { shares: [], unattributed: 1 };

    // Sum of weights covering each token, via a difference array: the weights are integers, so this is exact.
    const cover = new Float64Array(m + 1);
    for (const s of spans) {
      const w = (s.end - s.start) ** 2;
      cover[s.start] += w;
      cover[s.end] -= w;
    }
    // inverse[t] = Σ_{u < t} 1 / cover(u): a span's mass is then one subtraction, however much spans overlap.
    const inverse = new Float64Array(m + 1);
    let running = 0;
    for (let t = 0; t < m; t++) {
      running += cover[t];
      cover[t] = running;
      inverse[t + 1] = inverse[t] + (running > 0 ? 1 / running : 0);
    }

    const { credit, credited } = this;
    const touched: number[] = [];
    const logCap = Math.log(maxOccurrences + 1);
    const holders: number[] = [];
    for (const s of spans) {
      const length = s.end - s.start;
      const occurrences = s.saEnd - s.saStart;
      const mass = (length * length * (inverse[s.end] - inverse[s.start])) / m;
      const confidence = length / (length + minSpanTokens);
      const idf = 1 - Math.log(occurrences) / logCap;
      this.holdersOf(s, holders);
      const each = (mass * confidence * idf) / holders.length;
      for (const c of holders) {
        if (credited[c] === 0) {
          credited[c] = 1;
          touched.push(c);
        }
        credit[c] += each * this.factors[c];
      }
    }

    const shares = touched
      .filter((c) => credit[c] > 0)
      .map((c) => ({ id: this.ids[c], share: credit[c] }))
      .sort((a, b) => b.share - a.share || compareCodeUnits(a.id, b.id));
    for (const c of touched) {
      credit[c] = 0;
      credited[c] = 0;
    }
    let sum = 0;
    for (const entry of shares) sum += entry.share;
    return { shares, unattributed: 1 - sum };
  }

  /** Fills `out` with the distinct contributions holding span `s`, ascending. Costs O(occurrences). */
  private holdersOf(s: Span, out: number[]): void {
    const { sa, contributionOf } = this.corpus;
    const generation = ++this.generation;
    out.length = 0;
    for (let r = s.saStart; r < s.saEnd; r++) {
      const c = contributionOf[sa[r]];
      if (this.stamp[c] !== generation) {
        this.stamp[c] = generation;
        out.push(c);
      }
    }
    out.sort((a, b) => a - b);
  }
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

/** q(c) · r(c) of the scoring rule, after checking the fields. */
function creditFactor(contribution: Contribution): number {
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
  return (qualityBps / MAX_QUALITY_BPS) * ((approved + 1) / (approved + rejected + 1));
}

/** 1e18: the fixed-point scale `splitAmount` converts shares to, so the split is exact integer arithmetic. */
export const SHARE_SCALE = 10n ** 18n;

/** The result of `splitAmount`: `Σ amounts + remainder = total`, to the wei. */
export interface Split {
  /** Amount per contribution id, for every share given (zero amounts included). */
  amounts: Map<string, bigint>;
  /** What no share claims: the unattributed part plus nothing else; it goes back to whoever pays for attribution. */
  remainder: bigint;
}

/**
 * Splits `total` by `shares` in exact integer arithmetic.
 *
 * Each share is converted exactly (a double is a binary fraction) to `p = ⌊share · 1e18⌋` parts; the shares must
 * be non-negative and their parts must not add up to more than 1e18. The distributed amount is
 * `D = ⌊total · Σp / 1e18⌋`; each id first gets `⌊total · p / 1e18⌋`, and the few units still missing from D go one
 * each to the largest remainders `total · p mod 1e18`, ties to the smaller id (code-unit order). `remainder` is
 * `total − D`. Nothing depends on the order of `shares` or on the machine.
 */
export function splitAmount(total: bigint, shares: readonly Share[]): Split {
  if (total < 0n) throw new RangeError(`total must be non-negative, got ${total}`);
  const entries = [...shares].sort((a, b) => compareCodeUnits(a.id, b.id));
  let partsSum = 0n;
  const rows = entries.map(({ id, share }, k) => {
    if (k > 0 && entries[k - 1].id === id) throw new Error(`duplicate share id "${id}"`);
    const parts = scaledFloor(share, id);
    partsSum += parts;
    const product = total * parts;
    return { id, amount: product / SHARE_SCALE, fraction: product % SHARE_SCALE };
  });
  if (partsSum > SHARE_SCALE) throw new RangeError(`shares add up to more than 1 (${partsSum} / ${SHARE_SCALE})`);

  const distributed = (total * partsSum) / SHARE_SCALE;
  let missing = distributed - rows.reduce((sum, row) => sum + row.amount, 0n);
  const byRemainder = [...rows].sort((a, b) =>
    a.fraction === b.fraction ? compareCodeUnits(a.id, b.id) : a.fraction > b.fraction ? -1 : 1,
  );
  // Σ⌊x_i⌋ ≥ ⌊Σx_i⌋ − (count − 1), so `missing` < rows.length and one pass hands it all out.
  for (const row of byRemainder) {
    if (missing === 0n) break;
    row.amount += 1n;
    missing -= 1n;
  }
  const amounts = new Map<string, bigint>();
  for (const row of rows) amounts.set(row.id, row.amount);
  return { amounts, remainder: total - distributed };
}

/** ⌊share · 1e18⌋ exactly, reading the double's mantissa and exponent. */
function scaledFloor(share: number, id: string): bigint {
  if (!Number.isFinite(share) || share < 0) throw new RangeError(`share of "${id}" must be a finite number >= 0`);
  if (share === 0) return 0n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, share);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let exponent: number;
  if (biasedExponent === 0) {
    exponent = -1074; // subnormal
  } else {
    mantissa |= 1n << 52n;
    exponent = biasedExponent - 1075;
  }
  // share = mantissa · 2^exponent
  const scaled = mantissa * SHARE_SCALE;
  return exponent >= 0 ? scaled << BigInt(exponent) : scaled >> BigInt(-exponent);
}
