// Scores an output file against a directory of contribution files: the library side of `attribution:score`.
import * as fs from "fs";
import * as path from "path";
import { compareCodeUnits } from "../util/order";
import { deserializeModel, InvalidModelError } from "../factory/ngram";
import { AttributeOptions, AttributionIndex, Contribution } from "./engine";
import { InfluenceIndex, InfluenceMismatchError } from "./influence";

/** A missing or unreadable input, reported to the user as is (no stack trace). */
export class AttributionInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AttributionInputError";
  }
}

/** What `attribution:score --json` prints. */
export interface ScoreReport {
  shares: { contribution: string; share: number }[];
  unattributed: number;
}

/** Every regular file directly inside `dir` as one contribution whose id is the file name; subdirectories are skipped. */
export function readCorpusDirectory(dir: string): Contribution[] {
  if (!fs.existsSync(dir)) throw new AttributionInputError(`corpus directory "${dir}" does not exist`);
  if (!fs.statSync(dir).isDirectory()) throw new AttributionInputError(`corpus "${dir}" is not a directory`);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => entry.name)
    .sort(compareCodeUnits)
    .map((name) => ({ id: name, text: fs.readFileSync(path.join(dir, name), "utf8") }));
}

/** The two attribution methods: span matching for any model, exact influence for a Factory n-gram model. */
export const SCORE_METHODS = ["spans", "influence"] as const;
export type ScoreMethod = (typeof SCORE_METHODS)[number];

export interface ScoreOptions extends AttributeOptions {
  /** Default "spans". */
  method?: ScoreMethod;
  /** The Factory weights file trained on the corpus; required by, and only used by, "influence". */
  modelFile?: string;
}

/**
 * Attributes the text of `outputFile` over the files of `corpusDir`. Everything is checked before any work. File
 * names in code-unit order stand for approval order: where several files hold the same text, the first earns it.
 */
export function scoreFiles(corpusDir: string, outputFile: string, options: ScoreOptions = {}): ScoreReport {
  const { method = "spans", modelFile, ...engine } = options;
  if (!SCORE_METHODS.includes(method)) {
    throw new AttributionInputError(`--method must be one of ${SCORE_METHODS.join(", ")}, got "${method}"`);
  }
  if (method === "influence" && modelFile === undefined) {
    throw new AttributionInputError("--method influence needs --model, the Factory weights file trained on the corpus");
  }
  if (method === "spans" && modelFile !== undefined) {
    throw new AttributionInputError("--model is only read by --method influence");
  }
  requireFile(outputFile, "output");
  if (modelFile !== undefined) requireFile(modelFile, "model");
  const contributions = readCorpusDirectory(corpusDir);
  const output = fs.readFileSync(outputFile, "utf8");
  const { shares, unattributed } =
    modelFile === undefined
      ? AttributionIndex.build(contributions, engine).attribute(output)
      : influenceOf(modelFile, contributions, engine.maxOccurrences).attribute(output);
  return { shares: shares.map(({ id, share }) => ({ contribution: id, share })), unattributed };
}

function influenceOf(modelFile: string, contributions: Contribution[], maxOccurrences?: number): InfluenceIndex {
  try {
    return InfluenceIndex.build(deserializeModel(fs.readFileSync(modelFile)), contributions, { maxOccurrences });
  } catch (error) {
    if (error instanceof InvalidModelError || error instanceof InfluenceMismatchError) {
      throw new AttributionInputError(`model "${modelFile}": ${error.message}`);
    }
    throw error;
  }
}

function requireFile(file: string, what: string): void {
  if (!fs.existsSync(file)) throw new AttributionInputError(`${what} file "${file}" does not exist`);
  if (!fs.statSync(file).isFile()) throw new AttributionInputError(`${what} "${file}" is not a file`);
}

/** The report as a table, most credited first, shares as percentages, then the unattributed share. */
export function formatScoreTable(report: ScoreReport): string {
  const rows: [string, string][] = report.shares.map(({ contribution, share }) => [contribution, percent(share)]);
  if (rows.length === 0) rows.push(["(no contribution credited)", ""]);
  rows.push(["unattributed", percent(report.unattributed)]);
  const width = Math.max("contribution".length, ...rows.map(([name]) => name.length));
  const lines = [`${"contribution".padEnd(width)}  ${"share".padStart(8)}`, `${"-".repeat(width)}  ${"-".repeat(8)}`];
  rows.forEach(([name, value], k) => {
    if (k === rows.length - 1) lines.push(`${"-".repeat(width)}  ${"-".repeat(8)}`);
    lines.push(`${name.padEnd(width)}  ${value.padStart(8)}`);
  });
  return lines.join("\n");
}

function percent(share: number): string {
  return `${(share * 100).toFixed(3)}%`;
}
