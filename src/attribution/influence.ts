// Exact influence for Model Factory n-gram models: which training contributions supplied each generated token.
import { compareCodeUnits } from "../util/order";
import { END_OF_DOCUMENT, NgramModel, START_OF_DOCUMENT } from "../factory/ngram";
import { tokenize } from "../factory/tokens";
import { chanceThreshold } from "./chance";
import {
  approvalRanks,
  type Attribution,
  type Contribution,
  creditFactor,
  DEFAULT_MAX_OCCURRENCES,
  DEFAULT_MIN_SPAN_TOKENS,
  MAX_QUALITY_BPS,
} from "./engine";
import { firstAuthors } from "./provenance";
import { SHARE_SCALE } from "./split";
import { firstAtLeast } from "./spans";
import { buildTokenCorpus, TokenCorpus } from "./suffixArray";

/** The weights and the contributions do not belong together: the model was not trained on exactly these texts. */
export class InfluenceMismatchError extends Error {
  constructor(reason: string) {
    super(`the model was not trained on these contributions: ${reason}`);
    this.name = "InfluenceMismatchError";
  }
}

/** Parts of one output token's mass: each token is worth exactly this many, so credit is integer arithmetic. */
export const TOKEN_PARTS = SHARE_SCALE;

export interface InfluenceOptions {
  /** A window of text held at more corpus positions than this is common knowledge and stays with each holder. */
  maxOccurrences?: number;
  /** Tolerated chance rate of the provenance windows (see `chanceThreshold`). */
  chanceRate?: number;
  /** Give copied training text to its first author (default true); false measures raw count influence. */
  firstAuthor?: boolean;
}

/** What one generated token owes to the training data: the counts of the n-gram the model used, by owner. */
export interface TokenInfluence {
  /** Tokens of the context the model used (after backoff), most recent last; [] for the unigram. */
  context: string[];
  /** count(context · token) in the model. */
  total: number;
  /** Owner (contribution index) and how many of those counts it supplied, by index; the counts add up to total. */
  counts: { contribution: number; count: number }[];
}

/** `Attribution`, plus the exact integer credit behind it. */
export interface InfluenceAttribution extends Attribution {
  /** Parts credited per contribution id (code-unit order), zero credits left out. */
  credits: { id: string; parts: bigint }[];
  /** TOKEN_PARTS · output tokens: what the parts are out of. */
  totalParts: bigint;
}

/**
 * The influence of each training contribution on an output of a Factory n-gram model.
 *
 * ## Formula
 * For a generated token w after history h, let c be the context the model actually used: the longest suffix of
 * the last order − 1 tokens of h (START_OF_DOCUMENT-padded) after which w was seen in training, or the empty
 * context (the stupid-backoff rule of `ngram.ts`). The model's score of w is backoff^(order − 1 − |c|) ·
 * count(c w) / count(c), and count(c w) is a sum over training positions, each inside one contribution. The
 * influence of contribution j on that token is the part of that count it supplied:
 *
 *     I_j(w | h) = count_j(c w) / count(c w),
 *
 * which is exactly 1 − count_{−j}(c w) / count(c w) for the model retrained without j (leave-one-out), read at
 * the same context. The influences of a token add up to 1. Over an output of m tokens, contribution j's share is
 * (1/m) · Σ_t I_j(w_t | h_t) · q_j, q_j = qualityBps / 10000; what the output's tokens owe to no count (a token
 * the model never saw) and the quality discounts are unattributed.
 *
 * ## Provenance
 * With `firstAuthor` (the default), a training position is owned by the contribution that first wrote it
 * (`firstAuthors`): a window of the corpus's chance-threshold length that an earlier-approved contribution also
 * holds belongs to that earlier one. A model trained on an original and its later copy thus pays the original for
 * every count the copy only repeats, and the copy for what it adds.
 *
 * ## Exactness and cost
 * Each token is worth TOKEN_PARTS parts, split by the largest-remainder rule (ties to the smaller contribution
 * index) and scaled by qualityBps / 10000 with the floor: all integers, the same on every machine. count_j(c w)
 * is read from a suffix array over the padded training texts: the occurrences of the pattern c w, each owned by
 * one contribution; the model's count must equal the number of occurrences, else the weights do not belong to
 * these contributions and `InfluenceMismatchError` says so. Results are cached per n-gram, so attributing costs
 * O(log n) per token plus the n-gram's occurrences once per distinct n-gram (at most order · n over the index's
 * lifetime), then the contributions it touches.
 */
export class InfluenceIndex {
  private readonly cache = new Map<string, TokenInfluence>();

  private constructor(
    readonly ids: readonly string[],
    private readonly qualityBps: readonly bigint[],
    private readonly model: NgramModel,
    private readonly tokenIds: ReadonlyMap<string, number>,
    private readonly corpus: TokenCorpus,
    private readonly owners: Int32Array,
    /** The provenance window, in tokens (the corpus's chance threshold). */
    readonly windowTokens: number,
  ) {}

  /** Indexes the training contributions of `model`; throws `InfluenceMismatchError` when they cannot be its data. */
  static build(
    model: NgramModel,
    contributions: readonly Contribution[],
    options: InfluenceOptions = {},
  ): InfluenceIndex {
    const sorted = [...contributions].sort((a, b) => compareCodeUnits(a.id, b.id));
    const qualityBps = sorted.map((contribution, c) => {
      if (c > 0 && sorted[c - 1].id === contribution.id) {
        throw new Error(`duplicate contribution id "${contribution.id}"`);
      }
      return BigInt(Math.round(creditFactor(contribution) * MAX_QUALITY_BPS));
    });
    if (model.documents !== sorted.length) {
      throw new InfluenceMismatchError(`it saw ${model.documents} documents, ${sorted.length} were given`);
    }
    const tokenIds = new Map<string, number>();
    const idOf = (token: string): number => {
      let id = tokenIds.get(token);
      if (id === undefined) tokenIds.set(token, (id = tokenIds.size));
      return id;
    };
    const padding = Array<string>(model.order - 1).fill(START_OF_DOCUMENT);
    const sequences = sorted.map(({ text }) => Int32Array.from([...padding, ...tokenize(text), END_OF_DOCUMENT], idOf));
    const corpus = buildTokenCorpus(sequences, tokenIds.size);
    const maxOccurrences = options.maxOccurrences ?? DEFAULT_MAX_OCCURRENCES;
    const window = chanceThreshold(corpus, { minSpanTokens: DEFAULT_MIN_SPAN_TOKENS, rate: options.chanceRate });
    const owners =
      options.firstAuthor === false
        ? corpus.contributionOf
        : firstAuthors(corpus, approvalRanks(sorted), window, maxOccurrences, DEFAULT_MIN_SPAN_TOKENS);
    return new InfluenceIndex(
      sorted.map(({ id }) => id),
      qualityBps,
      model,
      tokenIds,
      corpus,
      owners,
      window,
    );
  }

  /** What token `token` after `history` owes to each contribution, or undefined if the model never saw it. */
  tokenInfluence(history: readonly string[], token: string): TokenInfluence | undefined {
    const { order, counts } = this.model;
    const recent = history.slice(Math.max(0, history.length - (order - 1)));
    const padded = [...Array<string>(order - 1 - recent.length).fill(START_OF_DOCUMENT), ...recent];
    for (let k = order - 1; k >= 0; k--) {
      const context = padded.slice(padded.length - k);
      const seen = counts.get(context.join(" "))?.get(token);
      if (seen !== undefined) return this.countsOf(context, token, seen);
    }
    return undefined;
  }

  /** Attributes an output (text generated after `prompt`, which is read as the start of a document if absent). */
  attribute(outputText: string, options: { prompt?: string } = {}): InfluenceAttribution {
    return this.attributeTokens(tokenize(outputText), tokenize(options.prompt ?? ""));
  }

  /** `attribute` for output tokens (Factory tokenizer) after prompt tokens. */
  attributeTokens(output: readonly string[], prompt: readonly string[] = []): InfluenceAttribution {
    const parts = new Map<number, bigint>();
    const history = [...prompt];
    for (const token of output) {
      const influence = this.tokenInfluence(history, token);
      history.push(token);
      if (influence === undefined) continue;
      for (const [c, value] of splitToken(influence)) {
        const credited = (value * this.qualityBps[c]) / BigInt(MAX_QUALITY_BPS);
        if (credited > 0n) parts.set(c, (parts.get(c) ?? 0n) + credited);
      }
    }
    const totalParts = TOKEN_PARTS * BigInt(output.length);
    const credits = [...parts].sort(([a], [b]) => a - b).map(([c, value]) => ({ id: this.ids[c], parts: value }));
    // Each share is rounded down to a multiple of 2^-53, so the shares never add up to more than the parts do.
    const shares = credits
      .map(({ id, parts: value }) => ({ id, share: Number((value << 53n) / totalParts) / 2 ** 53 }))
      .filter((entry) => entry.share > 0)
      .sort((a, b) => b.share - a.share || compareCodeUnits(a.id, b.id));
    let sum = 0;
    for (const entry of shares) sum += entry.share;
    return { shares, unattributed: output.length === 0 ? 1 : 1 - sum, credits, totalParts };
  }

  /** The owners of the occurrences of `context · token` in the training texts, checked against the model. */
  private countsOf(context: readonly string[], token: string, seen: number): TokenInfluence {
    const key = [...context, token].join(" ");
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const pattern = [...context, token].map((t) => this.tokenIds.get(t) ?? -1);
    const [lo, hi] = patternRange(this.corpus, pattern);
    if (hi - lo !== seen) {
      throw new InfluenceMismatchError(`"${key}" occurs ${hi - lo} times in them, the model counted ${seen}`);
    }
    const byOwner = new Map<number, number>();
    for (let r = lo; r < hi; r++) {
      const owner = this.owners[this.corpus.sa[r] + context.length];
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
    }
    const counts = [...byOwner].sort(([a], [b]) => a - b).map(([contribution, count]) => ({ contribution, count }));
    const influence = { context: [...context], total: seen, counts };
    this.cache.set(key, influence);
    return influence;
  }
}

/** One token's TOKEN_PARTS split by its counts, largest remainders first (ties to the smaller index). */
export function splitToken(influence: TokenInfluence): [number, bigint][] {
  const total = BigInt(influence.total);
  const rows = influence.counts.map(({ contribution, count }) => {
    const exact = TOKEN_PARTS * BigInt(count);
    return { contribution, parts: exact / total, remainder: exact % total };
  });
  let missing = TOKEN_PARTS - rows.reduce((sum, row) => sum + row.parts, 0n);
  const byRemainder = [...rows].sort((a, b) =>
    a.remainder === b.remainder ? a.contribution - b.contribution : a.remainder > b.remainder ? -1 : 1,
  );
  for (const row of byRemainder) {
    if (missing === 0n) break;
    row.parts += 1n;
    missing -= 1n;
  }
  return rows.map((row) => [row.contribution, row.parts]);
}

/** The SA range of the suffixes that start with `pattern` (token ids; -1 matches nothing). */
function patternRange(corpus: TokenCorpus, pattern: readonly number[]): [number, number] {
  const { text, sa, tokenStart, contributions, vocabularySize } = corpus;
  if (pattern.length === 0) return [contributions, text.length];
  const first = pattern[0];
  if (first < 0 || first >= vocabularySize) return [0, 0];
  let lo = tokenStart[first];
  let hi = tokenStart[first + 1];
  for (let d = 1; d < pattern.length && lo < hi; d++) {
    if (pattern[d] < 0) return [0, 0];
    const symbol = pattern[d] + contributions;
    const nextLo = firstAtLeast(text, sa, lo, hi, d, symbol);
    hi = firstAtLeast(text, sa, nextLo, hi, d, symbol + 1);
    lo = nextLo;
  }
  return [lo, hi];
}
