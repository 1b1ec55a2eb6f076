// Runs a docs walk-through as its reader would: its shell blocks in order against a separate node, from a folder
// standing in for the reader's clone, and compares what each block prints with what the docs show.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { ROOT, joinContinuations, parsePage, section } from "../docs/markdown";

const exec = promisify(execFile);

/** One shell block of the walk-through: the commands typed, and what the docs show them printing (if anything). */
export interface Step {
  /** Each command line, continuations joined, comments dropped. */
  commands: string[];
  /** The lines of the block right after it that shows what its commands print; undefined when there is none. */
  expected?: string[];
}

/** What one command printed, and its error if it failed. */
export interface Ran {
  command: string;
  stdout: string;
  stderr: string;
  error?: string;
  /** Blocks the node mined while it ran (the node mines one per transaction). */
  blocksMined?: number;
}

/** The shell blocks (```bash) under `heading` of a docs page, in order, each with the output block that follows it. */
export function walkthroughSteps(file: string, heading: string): Step[] {
  const page = parsePage(file, section(readFileSync(path.join(ROOT, file), "utf8"), heading));
  const steps: Step[] = [];
  page.blocks.forEach((block, i) => {
    if (block.lang !== "bash") return;
    const commands = joinContinuations(block.lines)
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
    const next = page.blocks[i + 1];
    const shows = next !== undefined && next.followsBlock && next.lang === "";
    steps.push({ commands, expected: shows ? next.lines : undefined });
  });
  return steps;
}

/**
 * Runs `commands` in order from `cwd` (the reader's clone) against the node at `url`, in one child process on the
 * `localhost` network (test/helpers/walkthroughDriver.ts), as the reader's shell would run them one by one; stops
 * at the first that fails. If none does, runs each of `refusals` after them (commands meant to fail). Returns what
 * each printed, a failed one with its error.
 */
export async function runWalkthrough(
  commands: string[],
  url: string,
  cwd: string,
  refusals: string[] = [],
): Promise<Ran[]> {
  const files = {
    commands: path.join(cwd, ".walkthrough-commands.json"),
    results: path.join(cwd, ".walkthrough.json"),
  };
  await writeFile(files.commands, JSON.stringify({ commands, refusals }));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HARDHAT_NETWORK: "localhost",
    LOCAL_RPC_URL: url,
    // The test compiled already; the default store is the clone's own data/store.
    OPENLEDGER_SKIP_COMPILE: "1",
    OPENLEDGER_STORE: "",
    WALKTHROUGH_COMMANDS: files.commands,
    WALKTHROUGH_RESULTS: files.results,
    WALKTHROUGH_CWD: cwd,
  };
  const driver = path.join(__dirname, "walkthroughDriver.ts");
  const args = ["-r", "ts-node/register/transpile-only", driver];
  const crashed = await exec(process.execPath, args, { cwd: ROOT, env, maxBuffer: 64 << 20 }).then(
    () => undefined,
    (error: { stderr?: string; message: string }) => error.stderr || error.message,
  );
  const results = await readFile(files.results, "utf8").then(
    (text) => JSON.parse(text) as Ran[],
    () => [] as Ran[],
  );
  if (crashed !== undefined) {
    throw new Error(`the walk-through's runner stopped after ${results.length} commands:\n${crashed}`);
  }
  return results;
}

/** The error a failed command gives: the command as typed, its error and what it wrote on stderr. */
export function failure(ran: Ran): Error {
  return new Error(
    `the walk-through's command failed:\n  ${ran.command}\n${ran.error}\n--- its stderr ---\n${ran.stderr}`,
  );
}

/** An ISO timestamp, and the Unix seconds some commands print after one: each run's own. */
const TIMES = [/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, /\(\d{9,11}\)/g];

/**
 * Whether `actual` is what the docs show: line by line, where `…` in the docs stands for anything (a transaction
 * hash) and any timestamp for the run's own.
 */
export function showsAs(expected: string[], actual: string[]): boolean {
  if (expected.length !== actual.length) return false;
  return expected.every((line, i) => {
    const shape = TIMES.reduce((text, time) => text.replace(time, "\u0000"), line);
    const pattern = shape
      .split(/(…|\u0000)/)
      .map((part) => (part === "…" ? ".*" : part === "\u0000" ? "\\S+" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("");
    return new RegExp(`^${pattern}$`).test(actual[i]);
  });
}
