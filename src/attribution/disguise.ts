// Disguises a copier would use to get a copy past the curator: comments, renamed identifiers, reordered blocks.
import { tokenize } from "./tokenize";

/** How a comment is written in a file, by extension; prose (markdown) takes an HTML comment. */
export function commentSyntax(file: string): (body: string) => string {
  if (/\.(py|sh|rb|ya?ml|gyp|gypi)$/.test(file)) return (body) => `# ${body}`;
  if (/\.(md|markdown|html?)$/.test(file)) return (body) => `<!-- ${body} -->`;
  return (body) => `// ${body}`;
}

/**
 * Inserts a comment line after every `every` lines. The comments are made of the file's own words in a random
 * order, so that they look like the file and match nothing in particular.
 */
export function insertComments(text: string, file: string, every: number, random: () => number): string {
  const words = tokenize(text).filter((token) => /^[A-Za-z_]/.test(token));
  const comment = commentSyntax(file);
  const lines = text.split("\n");
  const out: string[] = [];
  lines.forEach((line, k) => {
    out.push(line);
    if ((k + 1) % every === 0 && words.length > 0) {
      const body = Array.from({ length: 6 }, () => words[Math.floor(random() * words.length)]).join(" ");
      out.push(`${/^\s*/.exec(line)![0]}${comment(body)}`);
    }
  });
  return out.join("\n");
}

/**
 * Renames `fraction` of the file's identifiers (its words outside `vocabulary`, the words common to its domain),
 * each consistently everywhere it occurs, to a fresh name; then shuffles its blocks (runs of lines between blank
 * lines). Identifiers are chosen at random among the file's distinct ones, at least one.
 */
export function renameAndReorder(
  text: string,
  vocabulary: ReadonlySet<string>,
  fraction: number,
  random: () => number,
): string {
  const identifiers = [...new Set(tokenize(text).filter((t) => /^[A-Za-z_]\w*$/.test(t) && !vocabulary.has(t)))].sort();
  const count = Math.max(1, Math.round(identifiers.length * fraction));
  const renames = new Map<string, string>();
  for (let k = 0; k < count && identifiers.length > 0; k++) {
    const [name] = identifiers.splice(Math.floor(random() * identifiers.length), 1);
    renames.set(name, `${name.slice(0, 2)}${Math.floor(random() * 1e9).toString(36)}x`);
  }
  const renamed = text.replace(/[A-Za-z_]\w*/g, (word) => renames.get(word) ?? word);
  const blocks = renamed.split(/\n\s*\n/);
  for (let k = blocks.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [blocks[k], blocks[j]] = [blocks[j], blocks[k]];
  }
  return blocks.join("\n\n");
}
