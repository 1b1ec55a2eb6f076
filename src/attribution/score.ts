// Scores an output file against a directory of contribution files: the library side of `attribution:score`.
import * as fs from "fs";
import * as path from "path";
import { compareCodeUnits } from "../util/order";
import { AttributeOptions, AttributionIndex, Contribution } from "./engine";

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

/** Attributes the text of `outputFile` over the files of `corpusDir`. Both are checked before any work. */
export function scoreFiles(corpusDir: string, outputFile: string, options: AttributeOptions = {}): ScoreReport {
  if (!fs.existsSync(outputFile)) throw new AttributionInputError(`output file "${outputFile}" does not exist`);
  if (!fs.statSync(outputFile).isFile()) throw new AttributionInputError(`output "${outputFile}" is not a file`);
  const contributions = readCorpusDirectory(corpusDir);
  const output = fs.readFileSync(outputFile, "utf8");
  const { shares, unattributed } = AttributionIndex.build(contributions, options).attribute(output);
  return { shares: shares.map(({ id, share }) => ({ contribution: id, share })), unattributed };
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
