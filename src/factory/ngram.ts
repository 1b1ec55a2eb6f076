// The Model Factory's language model: a token n-gram model with stupid backoff, trained deterministically.
//
// Training counts, for every position of every document and every context length k in [0, order - 1], which
// token follows the k tokens before it. Each document is padded in front with order - 1 START_OF_DOCUMENT tokens
// and ends with one END_OF_DOCUMENT token, so the model learns how documents begin and end.
//
// Scoring is stupid backoff (Brants, Popat, Xu, Och and Dean, "Large Language Models in Machine Translation",
// 2007): a candidate's score is its relative frequency after the longest context in which it was seen, times
// `backoff` for each token dropped from the full context to reach that context:
//   S(w | c) = count(c w) / count(c)     if c w was seen,
//            = backoff * S(w | c minus its first token)   otherwise, down to the empty context.
// Every token of the vocabulary has a score (the empty context has seen them all); the next-token distribution
// is the scores normalised, optionally sharpened or flattened by a temperature.
//
// Determinism: documents are sorted before training, the weights are written as canonical JSON (sorted keys),
// candidates are visited in sorted order when sampling, and the random stream is SplitMix64 from the seed. The
// same documents, in any order, give byte-identical weights, and the same weights, prompt and seed give the same
// text (floating-point sampling is IEEE-754 double arithmetic in a fixed order; a temperature other than 0 or 1
// also uses `Math.pow`, which a given JavaScript engine computes the same way every time).
import { keccak256 } from "ethers";

import { compareCodeUnits } from "../util/order";
import { canonicalJson } from "../util/canonicalJson";
import { Seed, SplitMix64 } from "../util/random";
import { detokenize, tokenize } from "./tokens";

/** The `format` field of a serialized model; a change to the layout or to scoring gets a new one. */
export const MODEL_FORMAT = "openledger-ngram/1";
/** Pads the context before a document's first token; `tokenize` never produces it (it splits `<` and `>`). */
export const START_OF_DOCUMENT = "<bod>";
/** Follows a document's last token; generating it ends the text. */
export const END_OF_DOCUMENT = "<eod>";
export const DEFAULT_ORDER = 3;
/**
 * The default backoff factor. Brants et al. use 0.4 to rank candidates; sampling from it lets the backed-off
 * tail take about a third of the draws, and the text falls apart (about 68% of the trigrams generated from a
 * model of the OpenZeppelin sources occur in them). At 0.1, about 94% do and the text reads as code.
 */
export const DEFAULT_BACKOFF = 0.1;
/** Longer contexts only memorise whole documents, and the weights grow with the order. */
export const MAX_ORDER = 16;

/**
 * A trained model. `counts` maps a context (its tokens joined by one space, `""` for the empty context) to the
 * tokens seen after it and how often. Tokens never contain whitespace, so the key is unambiguous. Keys are in
 * sorted order at both levels.
 */
export interface NgramModel {
  /** Tokens per n-gram: the context is the order - 1 tokens before the next one. */
  readonly order: number;
  /** The stupid-backoff factor, in (0, 1]. */
  readonly backoff: number;
  /** How many documents the model was trained on. */
  readonly documents: number;
  readonly counts: ReadonlyMap<string, ReadonlyMap<string, number>>;
}

export interface TrainOptions {
  /** Default 3 (trigrams); an integer from 1 to MAX_ORDER. */
  order?: number;
  /** Default DEFAULT_BACKOFF (0.1); in (0, 1]. */
  backoff?: number;
}

export interface GenerateOptions {
  /** Stop after this many tokens (END_OF_DOCUMENT is not counted, and not part of the output). */
  maxTokens: number;
  /** The same seed always gives the same text; see `seedDigest` for how numbers and strings are read. */
  seed: Seed;
  /** Default 1: the backoff distribution as is; below 1 sharper, above 1 flatter; 0 always takes the best token. */
  temperature?: number;
}

export interface Generation {
  /** The continuation of the prompt (not the prompt itself), detokenized. */
  readonly text: string;
  /** The tokens of the continuation. */
  readonly tokens: readonly string[];
  /** Why generation stopped. */
  readonly finishReason: "max-tokens" | "end-of-document";
}

/** Thrown by `deserializeModel` on bytes that are not a model this code can run. */
export class InvalidModelError extends Error {
  constructor(reason: string) {
    super(`not an ${MODEL_FORMAT} model: ${reason}`);
    this.name = "InvalidModelError";
  }
}

/** Trains a model on `documents` (the approved contributions of a datanet version). */
export function trainNgram(documents: readonly string[], options: TrainOptions = {}): NgramModel {
  const order = options.order ?? DEFAULT_ORDER;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  checkParameters(order, backoff, RangeError);
  const counts = new Map<string, Map<string, number>>();
  // Counting does not depend on the order of documents; sorting makes that evident and keeps any later change
  // (a cap on the vocabulary, say) from quietly depending on it.
  for (const document of [...documents].sort(compareCodeUnits)) {
    const tokens = [...Array<string>(order - 1).fill(START_OF_DOCUMENT), ...tokenize(document), END_OF_DOCUMENT];
    for (let i = order - 1; i < tokens.length; i++) {
      for (let k = 0; k < order; k++) {
        const context = tokens.slice(i - k, i).join(" ");
        let next = counts.get(context);
        if (next === undefined) counts.set(context, (next = new Map()));
        next.set(tokens[i], (next.get(tokens[i]) ?? 0) + 1);
      }
    }
  }
  return { order, backoff, documents: documents.length, counts: sortedCounts(counts) };
}

/** The model's weights file: canonical JSON of `{ backoff, contexts, documents, format, order }`, in UTF-8. */
export function serializeModel(model: NgramModel): Uint8Array {
  return new TextEncoder().encode(
    canonicalJson({
      format: MODEL_FORMAT,
      order: model.order,
      backoff: model.backoff,
      documents: model.documents,
      contexts: model.counts,
    }),
  );
}

/** Reads a weights file back, checking every field; throws InvalidModelError on anything else. */
export function deserializeModel(bytes: Uint8Array): NgramModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (error) {
    throw new InvalidModelError(`not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(parsed)) throw new InvalidModelError("the top level is not an object");
  const { format, order, backoff, documents, contexts } = parsed;
  if (format !== MODEL_FORMAT) throw new InvalidModelError(`format is ${JSON.stringify(format)}`);
  if (typeof order !== "number" || typeof backoff !== "number") {
    throw new InvalidModelError("order and backoff must be numbers");
  }
  checkParameters(order, backoff, InvalidModelError);
  if (documents !== 0 && !isCount(documents)) throw new InvalidModelError("documents is not a count");
  if (!isRecord(contexts)) throw new InvalidModelError("contexts is not an object");
  const counts = new Map<string, Map<string, number>>();
  for (const [context, next] of Object.entries(contexts)) {
    if (context !== "" && (context.split(" ").length >= order || context.split(" ").some((t) => !isToken(t)))) {
      throw new InvalidModelError(`context ${JSON.stringify(context)} is not up to ${order - 1} tokens`);
    }
    if (!isRecord(next)) throw new InvalidModelError(`context ${JSON.stringify(context)} has no counts`);
    const map = new Map<string, number>();
    for (const [token, count] of Object.entries(next)) {
      if (!isToken(token) || !isCount(count)) {
        throw new InvalidModelError(`context ${JSON.stringify(context)} has a bad entry ${JSON.stringify(token)}`);
      }
      map.set(token, count);
    }
    counts.set(context, map);
  }
  return { order, backoff, documents, counts: sortedCounts(counts) };
}

/** keccak-256 of a weights file: the `weightsHash` a model is registered under. */
export function weightsHash(bytes: Uint8Array): `0x${string}` {
  return keccak256(bytes) as `0x${string}`;
}

/**
 * The next-token distribution after `history` (tokens, most recent last; START_OF_DOCUMENT padding is added in
 * front as needed): every vocabulary token with its probability, sorted by token.
 */
export function nextTokenDistribution(model: NgramModel, history: readonly string[]): [string, number][] {
  const { tokens, scores } = candidateScores(model, history);
  const total = sum(scores);
  return tokens.map((token, i) => [token, scores[i] / total]);
}

/**
 * Continues `prompt` from its last order - 1 tokens (a prompt shorter than that is read as the start of a
 * document), sampling one token at a time from the backoff distribution with a SplitMix64 stream seeded by
 * `seed`, until END_OF_DOCUMENT or `maxTokens`.
 */
export function generate(model: NgramModel, prompt: string, options: GenerateOptions): Generation {
  const { maxTokens, temperature = 1 } = options;
  if (!Number.isSafeInteger(maxTokens) || maxTokens < 0) {
    throw new RangeError(`maxTokens must be a non-negative integer, got ${maxTokens}`);
  }
  if (!Number.isFinite(temperature) || temperature < 0) {
    throw new RangeError(`temperature must be a finite number of 0 or more, got ${temperature}`);
  }
  const random = SplitMix64.fromSeed(options.seed);
  const history = tokenize(prompt);
  const output: string[] = [];
  while (output.length < maxTokens) {
    const { tokens, scores } = candidateScores(model, history);
    const token = temperature === 0 ? tokens[argmax(scores)] : sample(tokens, temper(scores, temperature), random);
    if (token === undefined || token === END_OF_DOCUMENT) {
      return { text: detokenize(output), tokens: output, finishReason: "end-of-document" };
    }
    output.push(token);
    history.push(token);
  }
  return { text: detokenize(output), tokens: output, finishReason: "max-tokens" };
}

// Totals per context, computed once per model when first needed.
const totalsCache = new WeakMap<NgramModel, Map<string, number>>();

function contextTotal(model: NgramModel, context: string, next: ReadonlyMap<string, number>): number {
  let totals = totalsCache.get(model);
  if (totals === undefined) totalsCache.set(model, (totals = new Map()));
  let total = totals.get(context);
  if (total === undefined) totals.set(context, (total = sum(next.values())));
  return total;
}

// The stupid-backoff score of every vocabulary token after `history`, tokens in sorted order.
function candidateScores(model: NgramModel, history: readonly string[]): { tokens: string[]; scores: number[] } {
  const recent = history.slice(Math.max(0, history.length - (model.order - 1)));
  const padded = [...Array<string>(model.order - 1).fill(START_OF_DOCUMENT), ...recent];
  // Scores from the non-empty contexts, longest first; a token keeps the score of the first context that saw it.
  const found = new Map<string, number>();
  let factor = 1;
  for (let k = model.order - 1; k > 0; k--, factor *= model.backoff) {
    const context = padded.slice(padded.length - k).join(" ");
    const next = model.counts.get(context);
    if (next === undefined) continue;
    const total = contextTotal(model, context, next);
    for (const [token, count] of next) if (!found.has(token)) found.set(token, (factor * count) / total);
  }
  // The empty context has seen every token, so its keys are the vocabulary, already sorted.
  const unigrams = model.counts.get("") ?? new Map<string, number>();
  const unigramTotal = contextTotal(model, "", unigrams);
  const tokens: string[] = [];
  const scores: number[] = [];
  for (const [token, count] of unigrams) {
    tokens.push(token);
    scores.push(found.get(token) ?? (factor * count) / unigramTotal);
  }
  return { tokens, scores };
}

// Weights at a temperature: score^(1/T); T = 1 leaves the scores untouched (and exact).
function temper(scores: number[], temperature: number): number[] {
  return temperature === 1 ? scores : scores.map((score) => Math.pow(score, 1 / temperature));
}

// Draws one token with probability proportional to its weight, walking the candidates in sorted order.
function sample(tokens: readonly string[], weights: readonly number[], random: SplitMix64): string | undefined {
  if (tokens.length === 0) return undefined;
  const target = random.nextFloat() * sum(weights);
  let cumulative = 0;
  for (let i = 0; i < tokens.length; i++) {
    cumulative += weights[i];
    if (cumulative > target) return tokens[i];
  }
  // Rounding can leave the target a hair above the last cumulative sum: the draw belongs to the last token.
  return tokens[tokens.length - 1];
}

// The first index of the largest score: ties go to the token that sorts first.
function argmax(scores: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function sortedCounts(counts: ReadonlyMap<string, ReadonlyMap<string, number>>): Map<string, Map<string, number>> {
  const sortedKeys = <V>(map: ReadonlyMap<string, V>) => [...map.keys()].sort(compareCodeUnits);
  return new Map(
    sortedKeys(counts).map((context) => {
      const next = counts.get(context)!;
      return [context, new Map(sortedKeys(next).map((token) => [token, next.get(token)!]))];
    }),
  );
}

function checkParameters(order: number, backoff: number, Failure: new (message: string) => Error): void {
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
    throw new Failure(`order must be an integer from 1 to ${MAX_ORDER}, got ${order}`);
  }
  if (!(backoff > 0 && backoff <= 1)) throw new Failure(`backoff must be in (0, 1], got ${backoff}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value > 0;
}

function isToken(value: string): boolean {
  return value.length > 0 && !/\s/u.test(value);
}
