// The fidelity benchmark's material: real files from node_modules by domain, and the outputs built from them.
import * as fs from "fs";
import * as path from "path";
import { compareCodeUnits } from "../util/order";
import { TokenCursor } from "../attribution/tokenize";

/** A domain of real text nobody here wrote, and how to find its files under node_modules. */
export interface DomainSpec {
  name: string;
  /** Whether a file (path relative to node_modules, `/`-separated) belongs to the domain. */
  keep: (relative: string) => boolean;
}

export const DOMAINS: readonly DomainSpec[] = [
  { name: "solidity", keep: (file) => file.startsWith("@openzeppelin/contracts/") && file.endsWith(".sol") },
  { name: "markdown", keep: (file) => /\.md$/i.test(file) && !/changelog|history|license/i.test(file) },
  { name: "c", keep: (file) => /\.(c|h|cc)$/.test(file) },
];

/** One file of a domain: its id (path inside node_modules) and text. */
export interface BenchFile {
  id: string;
  text: string;
}

/** Files of one size band only: stubs say nothing, and a few huge files would dominate the corpus. */
const MIN_CHARS = 1500;
const MAX_CHARS = 60_000;

/**
 * Every file of each domain, once: in path order, between MIN_CHARS and MAX_CHARS, and deduplicated by what
 * follows the last `node_modules/` in its path and by content, since packages ship each other's copies (a held-out
 * file that is a corpus file's twin would not be text that copies nothing).
 */
export function domainFiles(nodeModules: string): Map<string, BenchFile[]> {
  const root = fs.realpathSync(nodeModules);
  const all = walk(root, root).sort(compareCodeUnits);
  const byDomain = new Map<string, BenchFile[]>(DOMAINS.map((d) => [d.name, []]));
  const seenSuffix = new Set<string>();
  const seenText = new Set<string>();
  for (const relative of all) {
    const domain = DOMAINS.find((d) => d.keep(relative));
    if (domain === undefined) continue;
    const suffix = relative.slice(relative.lastIndexOf("node_modules/") + 1);
    if (seenSuffix.has(suffix)) continue;
    const size = fs.statSync(path.join(root, relative)).size;
    if (size < MIN_CHARS || size > MAX_CHARS) continue;
    const text = fs.readFileSync(path.join(root, relative), "utf8");
    if (seenText.has(text)) continue;
    seenSuffix.add(suffix);
    seenText.add(text);
    byDomain.get(domain.name)!.push({ id: relative, text });
  }
  return byDomain;
}

function walk(dir: string, root: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full, root));
    else if (entry.isFile()) files.push(path.relative(root, full).split(path.sep).join("/"));
  }
  return files;
}

/**
 * The group a file belongs to: its package (the path after the last `node_modules/`, one segment or a scoped two),
 * and inside @openzeppelin/contracts, which is one package, its top-level directory. Held-out files are taken from
 * groups the corpus does not use, so that text held out is text that nobody copied from the corpus.
 */
export function groupOf(id: string): string {
  const tail = id.slice(id.lastIndexOf("node_modules/") + 1 > 0 ? id.lastIndexOf("node_modules/") + 13 : 0);
  const parts = tail.split("/");
  const name = parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  return name === "@openzeppelin/contracts" ? `${name}/${parts[2]}` : name;
}

/**
 * Splits a domain's files into held-out and corpus by group: groups in a seeded random order go to the held-out
 * side until it has `heldOut` files (at most a third of the files), the rest to the corpus, of which the first
 * `corpus` files in a seeded order are kept.
 */
export function splitByGroup(
  files: readonly BenchFile[],
  heldOut: number,
  corpus: number,
  random: () => number,
): { heldOut: BenchFile[]; corpus: BenchFile[] } {
  const groups = new Map<string, BenchFile[]>();
  for (const file of files) {
    const group = groupOf(file.id);
    if (groups.has(group)) groups.get(group)!.push(file);
    else groups.set(group, [file]);
  }
  const order = shuffled([...groups.keys()].sort(compareCodeUnits), random);
  const held: BenchFile[] = [];
  const rest: BenchFile[] = [];
  const cap = Math.min(heldOut, Math.floor(files.length / 3));
  for (const group of order) {
    const members = groups.get(group)!;
    if (held.length + members.length <= cap) {
      held.push(...members);
    } else {
      rest.push(...members);
    }
  }
  return { heldOut: shuffled(held, random).slice(0, heldOut), corpus: shuffled(rest, random).slice(0, corpus) };
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let k = out.length - 1; k > 0; k--) {
    const j = Math.floor(random() * (k + 1));
    [out[k], out[j]] = [out[j], out[k]];
  }
  return out;
}

/** The engine's tokens of `text` as [start, end) character offsets. */
function tokenOffsets(text: string): [number, number][] {
  const offsets: [number, number][] = [];
  const cursor = new TokenCursor(text);
  while (cursor.next()) offsets.push([cursor.start, cursor.end]);
  return offsets;
}

/** A window of `tokens` whole tokens of `text` at a random place, as written (layout kept). */
export function window(text: string, tokens: number, random: () => number): string {
  const offsets = tokenOffsets(text);
  if (offsets.length <= tokens) return text;
  const first = Math.floor(random() * (offsets.length - tokens));
  return text.slice(offsets[first][0], offsets[first + tokens - 1][1]);
}

/** `text` with `fraction` of its word tokens replaced by words drawn from `words` (other tokens kept). */
export function replaceWords(text: string, fraction: number, words: readonly string[], random: () => number): string {
  let out = "";
  let at = 0;
  for (const [start, end] of tokenOffsets(text)) {
    const c = text.charCodeAt(start);
    const isWord = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (isWord && random() < fraction) {
      out += text.slice(at, start) + words[Math.floor(random() * words.length)];
      at = end;
    }
  }
  return out + text.slice(at);
}

/** The word tokens of some texts, for replacement words and padding. */
export function wordsOf(texts: readonly string[]): string[] {
  const words: string[] = [];
  for (const text of texts) {
    for (const [start, end] of tokenOffsets(text)) {
      const c = text.charCodeAt(start);
      if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) words.push(text.slice(start, end));
    }
  }
  return words;
}

/** An output of planted snippets between runs of prose: where each snippet came from and how many tokens it has. */
export interface PlantedOutput {
  text: string;
  sources: string[];
  snippetTokens: number;
  totalTokens: number;
}

/**
 * Plants `count` snippets of 30 to 80 tokens, each from a different source file (optionally edited by `edit`),
 * each after a window of prose three quarters its length: the sources' share can be at most about 0.57, the
 * ceiling of the issue's measurement.
 */
export function plantedOutput(
  sources: readonly BenchFile[],
  prose: readonly BenchFile[],
  count: number,
  random: () => number,
  edit: (snippet: string) => string = (snippet) => snippet,
): PlantedOutput {
  const picked = shuffled(sources, random).slice(0, count);
  const parts: string[] = [];
  let snippetTokens = 0;
  let totalTokens = 0;
  for (const source of picked) {
    const length = 30 + Math.floor(random() * 51);
    const proseText = window(prose[Math.floor(random() * prose.length)].text, Math.round(0.75 * length), random);
    const snippet = edit(window(source.text, length, random));
    const snippetCount = tokenOffsets(snippet).length;
    parts.push(proseText, snippet);
    snippetTokens += snippetCount;
    totalTokens += snippetCount + tokenOffsets(proseText).length;
  }
  return { text: parts.join("\n"), sources: picked.map((file) => file.id), snippetTokens, totalTokens };
}
