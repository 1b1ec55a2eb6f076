// The Model Factory's tokenizer: splits text into word, number and punctuation tokens and joins them back.
//
// The rule, in the order the pattern tries it (whitespace only separates tokens and is dropped):
//   1. a word or identifier: a letter, `_` or `$`, then letters, digits, `_` or `$`  (`balanceOf`, `_msgSender`, `été`);
//      (letters here include combining marks, so an accent never splits a word)
//   2. a number: a digit, then letters, digits or `_`                                  (`18`, `0x1f`, `1e18`, `1_000`);
//   3. any other character on its own, punctuation or symbol                            (`(`, `;`, `"`, `/`, `€`).
// So `0.8.20` is five tokens and `//` two: the model learns such sequences token by token, and `detokenize`
// glues them back together.

const TOKEN = /[\p{L}\p{M}_$][\p{L}\p{M}\p{N}_$]*|\p{N}[\p{L}\p{M}\p{N}_]*|\S/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}_$]/u;

/** Splits `text` into tokens by the rule above; whitespace never appears in a token. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Whether `token` is a word, identifier or number (as opposed to a punctuation character). */
export function isWordToken(token: string): boolean {
  return WORD_CHAR.test(token.charAt(0));
}

// Closing and separating punctuation hugs the token before it: `f(a, b);`, `end.`, `note:`.
const NO_SPACE_BEFORE = new Set([")", "]", ",", ";", ":", "."]);
// Opening brackets and `@` hug the token after them: `(a`, `[i`, `@dev`.
const NO_SPACE_AFTER = new Set(["(", "[", "@"]);
// Two punctuation characters that read as one operator or comment marker in code: `==`, `=>`, `//`, `/**`, `*/`.
const OPERATORS = new Set("// /* */ ** == != <= >= => -> && || ++ -- += -= *= /= << >> ::".split(" "));
// Quotes alternate between opening (hugging the next token) and closing (hugging the previous one).
const QUOTES = new Set(['"', "`"]);

function startsUppercase(token: string | undefined): boolean {
  return token !== undefined && /^\p{Lu}/u.test(token);
}

// Whether a token ends an expression that a `.` or `[` can follow: `a`, `f(x)`, `a[i]`.
function endsOperand(token: string | undefined): boolean {
  return token !== undefined && (isWordToken(token) || token === ")" || token === "]");
}

// Whether `before . after` reads as member access or a version number rather than the end of a sentence.
function memberAccess(before: string | undefined, after: string): boolean {
  return endsOperand(before) && isWordToken(after) && (!startsUppercase(after) || startsUppercase(before));
}

/**
 * Joins tokens into readable text: one space between tokens, except where code or prose puts none
 * (`f(x)`, `a[i]`, `msg.sender`, `x;`, `a, b`, `==`, `@dev`, `"quoted"`, `don't`, `!paused`). A `.` between an
 * operand and a word is member access or a version and glued on both sides (`msg.sender`, `f(x).y`, `0.8.20`,
 * `Math.Rounding`), except before a capitalised word after an uncapitalised one, which ends a sentence
 * (`end. Next`); any other `.` is followed by a space. Two word or number tokens are always separated, so `tokenize(detokenize(t))`
 * gives back `t` for any `t` that `tokenize` produced.
 */
export function detokenize(tokens: readonly string[]): string {
  const open = new Map<string, boolean>();
  let text = "";
  tokens.forEach((token, i) => {
    if (i > 0 && spaceBetween(tokens, i, open)) text += " ";
    text += token;
    if (QUOTES.has(token)) open.set(token, !open.get(token));
  });
  return text;
}

// Whether a space goes between tokens[i - 1] and tokens[i]; `open` says which quotes are currently open.
function spaceBetween(tokens: readonly string[], i: number, open: ReadonlyMap<string, boolean>): boolean {
  const prev = tokens[i - 1];
  const next = tokens[i];
  // Two word or number tokens written together would read back as one token.
  if (isWordToken(prev) && isWordToken(next)) return true;
  if (QUOTES.has(prev) && open.get(prev)) return false;
  if (QUOTES.has(next) && open.get(next)) return false;
  if (OPERATORS.has(prev + next)) return false;
  if (NO_SPACE_AFTER.has(prev)) return false;
  if (prev === ".") return !memberAccess(tokens[i - 2], next);
  // A prefix `!`: `require(!paused)`.
  if (prev === "!" && isWordToken(next) && !endsOperand(tokens[i - 2])) return false;
  if (NO_SPACE_BEFORE.has(next)) return false;
  // A call or an index: `f(x)`, `a[i]`, `m[k][j]`.
  if ((next === "(" || next === "[") && endsOperand(prev)) return false;
  // An apostrophe inside a word: `don't`, `caller's`.
  if (next === "'" && isWordToken(prev) && isWordToken(tokens[i + 1] ?? "")) return false;
  if (prev === "'" && isWordToken(next) && isWordToken(tokens[i - 2] ?? "")) return false;
  return true;
}
