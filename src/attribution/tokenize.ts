// Tokenizer of the attribution engine: splits text into word, number and punctuation tokens and numbers them.

/**
 * The tokenization rule, applied left to right over the text:
 *
 * - whitespace (every character that JavaScript's `\s` matches) separates tokens and is never part of one;
 * - a **word** is `[A-Za-z_][A-Za-z0-9_]*`, kept exactly as written: case is not folded, because code is
 *   case-sensitive and attribution measures copying, which keeps case;
 * - a **number** is `[0-9][A-Za-z0-9_]*`, so `42`, `1e18`, `0xff` and `10_000` are one token each, while `3.14`
 *   is the three tokens `3`, `.`, `14`;
 * - every other character, one Unicode code point, is a token of its own: `(`, `=`, `"`, `é`, `😀`.
 *
 * Equivalently, the tokens are the successive matches of `/[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*|\S/gu`.
 * The scanner below implements that rule by hand because it runs over millions of tokens when an index is built.
 */
export const TOKEN_PATTERN = /[A-Za-z_][A-Za-z0-9_]*|[0-9][A-Za-z0-9_]*|\S/gu;

/** Id that `Vocabulary.encode` gives a token the vocabulary does not know: it matches nothing in the corpus. */
export const UNKNOWN_TOKEN = -1;

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= 48 && c <= 57);
}

/** The characters of JavaScript's `\s`, all of them single UTF-16 code units. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * Walks the tokens of a text without building strings: after `next()` returns true, the token is
 * `text.slice(start, end)`. One class with plain fields keeps the hot loop monomorphic.
 */
export class TokenCursor {
  start = 0;
  end = 0;

  constructor(private readonly text: string) {}

  next(): boolean {
    const text = this.text;
    const length = text.length;
    let i = this.end;
    while (i < length && isSpace(text.charCodeAt(i))) i++;
    if (i >= length) {
      this.start = this.end = length;
      return false;
    }
    this.start = i;
    const c = text.charCodeAt(i++);
    if (isWordStart(c) || (c >= 48 && c <= 57)) {
      while (i < length && isWordPart(text.charCodeAt(i))) i++;
    } else if (c >= 0xd800 && c <= 0xdbff && i < length) {
      // A surrogate pair is one code point, hence one token; a lone surrogate stays a token by itself.
      const low = text.charCodeAt(i);
      if (low >= 0xdc00 && low <= 0xdfff) i++;
    }
    this.end = i;
    return true;
  }
}

/** The tokens of `text`, by the rule documented on `TOKEN_PATTERN`. */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const cursor = new TokenCursor(text);
  while (cursor.next()) tokens.push(text.slice(cursor.start, cursor.end));
  return tokens;
}

/** How many tokens `text` has, without building them. */
export function countTokens(text: string): number {
  let count = 0;
  const cursor = new TokenCursor(text);
  while (cursor.next()) count++;
  return count;
}

const SHARDS = 64;

/** The map of `shards` that holds `token`: its length and first and last code units, mixed. */
function shardOf<V>(shards: Map<string, V>[], token: string): Map<string, V> {
  const mixed = token.length * 31 + token.charCodeAt(0) * 7 + token.charCodeAt(token.length - 1);
  return shards[mixed & (SHARDS - 1)];
}

/**
 * A vocabulary maps each distinct token string to a dense id, 0, 1, 2, … in order of first appearance.
 * The ids are deterministic for a given sequence of `encode(…, true)` calls; the engine makes that sequence
 * independent of input order by encoding contributions sorted by id.
 */
export class Vocabulary {
  // A single JavaScript `Map` holds at most 2^24 entries, which a data-like corpus of ids and numbers reaches;
  // spreading the tokens over SHARDS maps by a cheap hash of their text lifts that cap to 2^24 · SHARDS.
  private readonly shards: Map<string, number>[] = Array.from({ length: SHARDS }, () => new Map());
  private readonly strings: string[] = [];

  /** Number of distinct tokens. */
  get size(): number {
    return this.strings.length;
  }

  /** The id of `token`, or `UNKNOWN_TOKEN`. */
  idOf(token: string): number {
    return shardOf(this.shards, token).get(token) ?? UNKNOWN_TOKEN;
  }

  /** The string of token `id`. */
  tokenAt(id: number): string {
    const token = this.strings[id];
    if (token === undefined) throw new RangeError(`no token has id ${id}`);
    return token;
  }

  /**
   * The token ids of `text`. With `grow`, tokens not yet known get the next ids; without it they become
   * `UNKNOWN_TOKEN`, which is how an output is encoded against a built index.
   */
  encode(text: string, grow = false): Int32Array {
    let out = new Int32Array(Math.max(16, text.length >> 2));
    let count = 0;
    const cursor = new TokenCursor(text);
    while (cursor.next()) {
      const token = text.slice(cursor.start, cursor.end);
      const shard = shardOf(this.shards, token);
      let id = shard.get(token);
      if (id === undefined) {
        if (grow) {
          id = this.strings.length;
          shard.set(token, id);
          this.strings.push(token);
        } else {
          id = UNKNOWN_TOKEN;
        }
      }
      if (count === out.length) {
        const bigger = new Int32Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      out[count++] = id;
    }
    return out.slice(0, count);
  }
}
