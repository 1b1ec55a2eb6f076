// Reads the README and docs/ into what the documentation test checks: code blocks, commands, links, headings.
import fs from "node:fs";
import path from "node:path";
import type { CLIArgumentType, TaskArguments, TaskDefinition } from "hardhat/types";

export const ROOT = path.join(__dirname, "..", "..");

export interface CodeBlock {
  file: string;
  /** The lines between the fences. */
  lines: string[];
  /** The fence's info string: `bash` for commands to type, empty for what a command prints. */
  lang: string;
  /** Whether only blank lines separate it from the block before it (what that block's commands print). */
  followsBlock: boolean;
}

export interface Page {
  /** The path from the repository root, e.g. docs/operations.md. */
  file: string;
  blocks: CodeBlock[];
  /** The text outside code blocks, one entry per line. */
  prose: string[];
}

/** A `npx hardhat …` command line, split into words (quotes removed). */
export interface Command {
  file: string;
  words: string[];
  /** Whether it stands in a code block (to be run as shown) rather than in a sentence. */
  inBlock: boolean;
}

/** The README and every page of docs/. */
export function readPages(): Page[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs].map((file) => parsePage(file, fs.readFileSync(path.join(ROOT, file), "utf8")));
}

export function parsePage(file: string, text: string): Page {
  const blocks: CodeBlock[] = [];
  const prose: string[] = [];
  let open: CodeBlock | undefined;
  let afterBlock = false; // only blank lines since the last block closed
  for (const line of text.split("\n")) {
    if (line.startsWith("```")) {
      if (open) blocks.push(open);
      open = open ? undefined : { file, lines: [], lang: line.slice(3).trim(), followsBlock: afterBlock };
      afterBlock = open === undefined;
    } else if (open) {
      open.lines.push(line);
    } else {
      prose.push(line);
      if (line.trim() !== "") afterBlock = false;
    }
  }
  return { file, blocks, prose };
}

/**
 * The part of a page's text under a heading (its line exactly, e.g. `## The walk-through`), up to the next heading
 * of the same or a higher level; an error when the page has no such heading.
 */
export function section(text: string, heading: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf(heading);
  if (start < 0) throw new Error(`no heading "${heading}"`);
  const level = heading.indexOf(" ");
  let inBlock = false; // a `# comment` in a shell block is no heading
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].startsWith("```")) inBlock = !inBlock;
    else if (!inBlock && /^#+ /.test(lines[i]) && lines[i].indexOf(" ") <= level) {
      end = i;
      break;
    }
  }
  return lines.slice(start, end).join("\n");
}

/** The inline code spans of a page's prose. */
export function inlineCode(page: Page): string[] {
  return page.prose.flatMap((line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
}

/** Every `npx hardhat` command of a page, in code blocks (continuations joined, comments cut) and in sentences. */
export function commands(page: Page): Command[] {
  const found: Command[] = [];
  for (const block of page.blocks) {
    for (const line of joinContinuations(block.lines)) {
      const text = line.replace(/^\$ /, "").replace(/\s+#.*$/, "");
      for (const segment of text.split(/&&|;|\|/)) {
        const start = segment.indexOf("npx hardhat ");
        if (start >= 0) found.push({ file: page.file, words: splitWords(segment.slice(start)), inBlock: true });
      }
    }
  }
  for (const code of inlineCode(page)) {
    if (code.startsWith("npx hardhat ")) found.push({ file: page.file, words: splitWords(code), inBlock: false });
  }
  return found;
}

/** Every `npm run <script>` a page names. */
export function npmScripts(page: Page): string[] {
  const text = [...page.blocks.flatMap((b) => b.lines), ...page.prose].join("\n");
  return [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
}

/** Lines with their backslash continuations joined into one. */
export function joinContinuations(lines: string[]): string[] {
  const joined: string[] = [];
  let pending = "";
  for (const line of lines) {
    if (line.endsWith("\\")) {
      pending += line.slice(0, -1) + " ";
    } else {
      joined.push(pending + line);
      pending = "";
    }
  }
  return joined;
}

/** Words as a shell splits them, with double-quoted words kept whole. */
export function splitWords(text: string): string[] {
  return [...text.trim().matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** A command's words after the task's name as its arguments, each value parsed by its parameter's own type. */
export function taskArguments(task: TaskDefinition, words: string[]): TaskArguments {
  const args: TaskArguments = {};
  for (let i = 0; i < words.length; i++) {
    const name = paramName(words[i]);
    const definition = task.paramDefinitions[name];
    if (!definition) throw new Error(`${task.name} has no option ${words[i]}`);
    args[name] = definition.isFlag ? true : (definition.type as CLIArgumentType<unknown>).parse(name, words[++i]);
  }
  return args;
}

/** `--max-leaves` → `maxLeaves`, as Hardhat names a parameter. */
export function paramName(option: string): string {
  return option.replace(/^--/, "").replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
export function anchors(page: Page): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const line of page.prose) {
    const heading = /^#{1,6} (.*)$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]
      .trim()
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, "")
      .replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** The targets of a page's links and images, except web addresses. */
export function relativeLinks(page: Page): string[] {
  const text = page.prose.join("\n");
  return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((target) => !/^[a-z]+:/.test(target));
}

/** The code blocks whose first line is `$ npx hardhat …`: examples with what they print. */
export function runnableExamples(page: Page): { words: string[]; expected: string[] }[] {
  return page.blocks
    .filter((block) => block.lines[0]?.startsWith("$ npx hardhat "))
    .map((block) => ({ words: splitWords(block.lines[0].slice(2)), expected: block.lines.slice(1) }));
}
