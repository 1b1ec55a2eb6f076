// The fidelity benchmark: does attribution pay the data that mattered? Measured on real text from node_modules.
import * as v8 from "v8";
import * as vm from "vm";
import { AttributionIndex } from "../attribution/engine";
import { mulberry32 } from "../util/random";
import { BenchFile, domainFiles, splitByGroup } from "./fidelityCases";
import { approvalOrder, measureDomain, type BenchConfig } from "./fidelityMeasures";

export interface FidelityOptions {
  nodeModules: string;
  /** Training / indexed files per domain; default 80. */
  corpusFiles?: number;
  /** Held-out files per domain (unrelated text, prompts, new files for the copy check); default 30. */
  heldOutFiles?: number;
  /** Outputs per case and domain; default 12. */
  outputs?: number;
  /** Tokens per Factory output; default 200. */
  outputTokens?: number;
  seed?: number;
  onProgress?: (domain: string, step: string) => void;
}

/** Every metric, a fraction in [0, 1]. */
export const METRICS = {
  factoryAttributed: { row: "share of a Factory model's output attributed (influence)", goal: ">= 0.95" },
  factoryUntrainedShare: { row: "credit of Factory outputs to files never trained on (influence)", goal: "<= 0.02" },
  factoryAttributedSpans: { row: "  the same output, attributed by span matching", goal: "" },
  factoryUntrainedShareSpans: { row: "  its credit to files never trained on, by span matching", goal: "" },
  unrelatedCredit: { row: "credit handed out for same-domain text that copies nothing", goal: "<= 0.03" },
  plantedSpurious: { row: "spurious share of planted exact snippets in real prose", goal: "<= 0.03" },
  plantedTrueShare: { row: "  true sources' share of it", goal: "" },
  editedExactSourceSet: { row: "exact source set, snippets with 30% of words replaced", goal: ">= 0.9" },
  editedTrueShare: { row: "true sources' share of such an output", goal: ">= 0.45" },
  editedCeiling: { row: "  its ceiling (snippet tokens / output tokens)", goal: "" },
  nearCopyShare: { row: "model on an original and an approved near-copy: copy's share", goal: "<= 0.1" },
  identicalCopyShare: { row: "a byte-identical later copy's share of shared spans", goal: "== 0" },
  disguisedCommentsCaught: { row: "copies with a comment every 3 lines caught", goal: ">= 0.95" },
  disguisedRenamedCaught: { row: "copies with 10% identifiers renamed, blocks reordered caught", goal: ">= 0.95" },
  newFilesFlagged: { row: "genuinely new files flagged as copies", goal: "<= 0.01" },
  paddingGain: { row: "remainder gained by doubling a file with padding", goal: "== 0" },
  paddingGainBySize: { row: "  the same, under the old bytes x quality rule", goal: "" },
} as const;
export type MetricName = keyof typeof METRICS;
export type Metrics = Record<MetricName, number>;

export interface FidelityReport {
  config: BenchConfig;
  domains: {
    name: string;
    corpusFiles: number;
    heldOutFiles: number;
    corpusTokens: number;
    chanceSpanTokens: number;
  }[];
  /** The mean over domains. */
  metrics: Metrics;
  perDomain: Record<string, Metrics>;
  /** Whether each metric with a goal meets it. */
  met: Partial<Record<MetricName, boolean>>;
  memory: { arrayBytesPerToken: number; heapBytesPerToken: number };
  seconds: number;
}

/** Builds every case from the files in node_modules, runs both methods and the copy check, and measures. */
export function runFidelity(options: FidelityOptions): FidelityReport {
  const started = Date.now();
  const config = {
    corpusFiles: options.corpusFiles ?? 80,
    heldOutFiles: options.heldOutFiles ?? 30,
    outputs: options.outputs ?? 12,
    outputTokens: options.outputTokens ?? 200,
    seed: options.seed ?? 1,
  };
  for (const [name, value] of Object.entries(config)) {
    if (!Number.isSafeInteger(value) || value < (name === "seed" ? 0 : 2)) {
      throw new RangeError(`${name} must be an integer of at least ${name === "seed" ? 0 : 2}, got ${value}`);
    }
  }
  const progress = options.onProgress ?? (() => {});
  const files = domainFiles(options.nodeModules);
  const random = mulberry32(config.seed);
  const splits = new Map<string, { corpus: BenchFile[]; heldOut: BenchFile[] }>();
  for (const [name, list] of files) {
    const split = splitByGroup(list, config.heldOutFiles, config.corpusFiles, random);
    if (split.heldOut.length < 2 || split.corpus.length < 2) {
      throw new Error(`node_modules has too few ${name} files in separate packages (${list.length} files)`);
    }
    splits.set(name, split);
  }
  const prose = splits.get("markdown")!.heldOut;
  const perDomain: Record<string, Metrics> = {};
  const domains: FidelityReport["domains"] = [];
  let memory = { arrayBytesPerToken: 0, heapBytesPerToken: 0 };
  for (const [name, { corpus, heldOut }] of splits) {
    collectGarbage();
    const before = process.memoryUsage();
    const index = AttributionIndex.build(approvalOrder(corpus));
    collectGarbage();
    const after = process.memoryUsage();
    const heap = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
    if (index.tokenCount > 0 && memory.arrayBytesPerToken === 0) {
      memory = { arrayBytesPerToken: index.arrayBytes / index.tokenCount, heapBytesPerToken: heap / index.tokenCount };
    }
    domains.push({
      name,
      corpusFiles: corpus.length,
      heldOutFiles: heldOut.length,
      corpusTokens: index.tokenCount,
      chanceSpanTokens: index.chanceSpanTokens,
    });
    perDomain[name] = measureDomain({ name, corpus, heldOut, prose, index, config, random, progress }) as Metrics;
  }
  const metrics = Object.fromEntries(
    (Object.keys(METRICS) as MetricName[]).map((key) => [
      key,
      Object.values(perDomain).reduce((sum, m) => sum + m[key], 0) / Object.keys(perDomain).length,
    ]),
  ) as Metrics;
  return {
    config,
    domains,
    metrics,
    perDomain,
    met: goalsMet(metrics),
    memory,
    seconds: (Date.now() - started) / 1000,
  };
}

/** A full garbage collection, so that the heap measured around a build holds the index and not its litter. */
function collectGarbage(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

function goalsMet(metrics: Metrics): Partial<Record<MetricName, boolean>> {
  const met: Partial<Record<MetricName, boolean>> = {};
  for (const [key, { goal }] of Object.entries(METRICS) as [MetricName, { goal: string }][]) {
    const match = /^(>=|<=|==) (\S+)$/.exec(goal);
    if (match === null) continue;
    const target = Number(match[2]);
    const value = metrics[key];
    met[key] = match[1] === ">=" ? value >= target : match[1] === "<=" ? value <= target : value === target;
  }
  return met;
}

/** The report as a table: one row per metric with its value, goal and whether it is met, then per domain. */
export function formatFidelityTable(report: FidelityReport): string {
  const names = Object.keys(report.perDomain);
  const width = Math.max(...Object.values(METRICS).map((m) => m.row.length));
  const head = `${"metric".padEnd(width)}  ${"value".padStart(7)}  ${"goal".padEnd(7)}  met  ${names.map((n) => n.padStart(9)).join(" ")}`;
  const lines = [head, "-".repeat(head.length)];
  for (const [key, { row, goal }] of Object.entries(METRICS) as [MetricName, { row: string; goal: string }][]) {
    const met = report.met[key] === undefined ? "   " : report.met[key] ? "yes" : "no ";
    const domains = names.map((n) => report.perDomain[n][key].toFixed(3).padStart(9)).join(" ");
    lines.push(
      `${row.padEnd(width)}  ${report.metrics[key].toFixed(3).padStart(7)}  ${goal.padEnd(7)}  ${met}  ${domains}`,
    );
  }
  lines.push("");
  for (const d of report.domains) {
    lines.push(
      `${d.name}: ${d.corpusFiles} files (${d.corpusTokens} tokens), ${d.heldOutFiles} held out, chance threshold ${d.chanceSpanTokens} tokens`,
    );
  }
  lines.push(
    `index memory: ${report.memory.arrayBytesPerToken.toFixed(1)} bytes/token in typed arrays, ` +
      `${report.memory.heapBytesPerToken.toFixed(1)} bytes/token measured on the heap; ${report.seconds.toFixed(1)} s`,
  );
  return lines.join("\n");
}
