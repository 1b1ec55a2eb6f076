// The inference logs the payout job settles with: every `.jsonl` file of one directory, one per inference server.
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { readInferenceLog, type InferenceLogEntry } from "../settlement/inferenceLog";

/** The extension of an inference log file (JSON Lines, as `model:infer --log` writes). */
export const LOG_EXTENSION = ".jsonl";

export interface LogDirectory {
  /** Every entry of every file, the files read in name order. */
  entries: InferenceLogEntry[];
  /** How many entries each file held, by file name. */
  files: { file: string; entries: number }[];
}

/**
 * Reads every `.jsonl` file of `dir`. A directory with no log file is no log at all (every receipt then settles
 * unlogged); a missing directory or a malformed line (named by file and line) is an error, because settling
 * without a log that exists would pay the wrong contributors.
 */
export async function readLogDirectory(dir: string): Promise<LogDirectory> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`no directory of inference logs at ${dir}`);
  const names = (await readdir(dir)).filter((name) => name.endsWith(LOG_EXTENSION)).sort();
  const entries: InferenceLogEntry[] = [];
  const files: LogDirectory["files"] = [];
  for (const name of names) {
    const read = await readInferenceLog(path.join(dir, name));
    entries.push(...read);
    files.push({ file: name, entries: read.length });
  }
  return { entries, files };
}
