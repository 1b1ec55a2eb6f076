// Normalisation for the copy check: what a disguise changes (comments, layout, names) is taken out before matching.
import { compareCodeUnits } from "../util/order";
import { TokenCursor } from "./tokenize";

/** Stands for every identifier or word that is not shared vocabulary of the approved data. */
export const NAME_PLACEHOLDER = "\u0001";
/** Stands for every number that is not shared vocabulary. */
export const NUMBER_PLACEHOLDER = "\u0002";

/**
 * The text without its comments: `// …` and `# …` to the end of the line (a `#` only at the start of a line or
 * after whitespace, so `a#b` stays), `/* … *\/` and `<!-- … -->` blocks. Whitespace no longer matters to the
 * tokenizer. The rule is the same for the approved data and the submission, so a string that merely contains
 * `//` is cut the same way in both.
 */
export function stripComments(text: string): string {
  // A comment leaves a mark, so that a line holding only comments disappears instead of turning into a blank line
  // (which would split a block): inserted comment lines then change nothing at all.
  const MARK = "\u0003";
  const marked = text.replace(
    /\/\*[\s\S]*?\*\/|<!--[\s\S]*?-->|\/\/[^\n]*|(^|[ \t])#[^\n]*/gm,
    (match, lead?: string) => {
      const newlines = match.replace(/[^\n]/g, "");
      return `${lead ?? ""}${MARK}${newlines.split("").join(MARK)}`;
    },
  );
  return marked
    .split("\n")
    .filter((line) => !(line.includes(MARK) && line.replaceAll(MARK, "").trim() === ""))
    .map((line) => line.replaceAll(MARK, " "))
    .join("\n");
}

/** How many of the given texts use each word or number token (after `stripComments`). */
export function documentFrequencies(texts: Iterable<string>): Map<string, number> {
  const frequency = new Map<string, number>();
  for (const text of texts) {
    for (const token of new Set(wordTokens(stripComments(text)))) frequency.set(token, (frequency.get(token) ?? 0) + 1);
  }
  return frequency;
}

/**
 * The shared vocabulary of `documents` texts: the words and numbers that at least max(2, ⌈√documents⌉) of them
 * use. Keywords, types and the common words of a language pass; the names of one file's own things (which a
 * disguise renames) do not. √ because vocabulary shared by chance grows with the corpus, but more slowly.
 */
export function sharedVocabulary(frequency: ReadonlyMap<string, number>, documents: number): Set<string> {
  const least = Math.max(2, Math.ceil(Math.sqrt(documents)));
  const shared = new Set<string>();
  for (const [token, count] of frequency) if (count >= least) shared.add(token);
  return shared;
}

/**
 * The normalised form of `text`: comments stripped, then every token kept, except words and numbers outside
 * `shared`, which become NAME_PLACEHOLDER or NUMBER_PLACEHOLDER. Joined by single spaces, one line per non-empty
 * input line; the blocks (runs of lines between blank lines) sorted in code-unit order and separated by one blank
 * line. So renaming an identifier, rewording a literal, adding comments, changing layout or reordering blocks
 * leaves it unchanged, and the blocks a copy shares with its source come out next to each other.
 */
export function normalize(text: string, shared: ReadonlySet<string>): string {
  return normalizedBlocks(text, shared).sort(compareCodeUnits).join("\n\n");
}

/**
 * The blocks of the normalised text: runs of non-empty lines between blank lines of the stripped text, each
 * normalised as `normalize` says and non-empty. Block order is what a disguise shuffles.
 */
export function normalizedBlocks(text: string, shared: ReadonlySet<string>): string[] {
  return stripComments(text)
    .split(/\n[ \t\r]*\n/)
    .map((block) => normalizeLines(block, shared))
    .filter((block) => block.length > 0);
}

function normalizeLines(text: string, shared: ReadonlySet<string>): string {
  return text
    .split("\n")
    .map((line) => {
      const out: string[] = [];
      const cursor = new TokenCursor(line);
      while (cursor.next()) {
        const token = line.slice(cursor.start, cursor.end);
        const c = token.charCodeAt(0);
        const word = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
        const number = c >= 48 && c <= 57;
        if ((word || number) && !shared.has(token)) out.push(word ? NAME_PLACEHOLDER : NUMBER_PLACEHOLDER);
        else out.push(token);
      }
      return out.join(" ");
    })
    .filter((line) => line.length > 0)
    .join("\n");
}

function wordTokens(text: string): string[] {
  const tokens: string[] = [];
  const cursor = new TokenCursor(text);
  while (cursor.next()) {
    const c = text.charCodeAt(cursor.start);
    if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || (c >= 48 && c <= 57)) {
      tokens.push(text.slice(cursor.start, cursor.end));
    }
  }
  return tokens;
}
