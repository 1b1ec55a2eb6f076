// Benchmark of the attribution engine on a multi-million-token corpus taken from files already in node_modules.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AttributionIndex, BuildProgress, Contribution } from "../attribution/engine";
import { mulberry32 } from "../util/random";
import { compareCodeUnits } from "../util/order";
import { countTokens, tokenize } from "../attribution/tokenize";

export interface BenchOptions {
  /** The project's node_modules directory (a symlink is followed). */
  nodeModules: string;
  /** Stop adding files once the corpus has at least this many tokens; default 5,000,000. */
  minTokens?: number;
  /** Number of outputs to attribute; default 1,000. */
  outputs?: number;
  /** Tokens per output; default 200. */
  outputTokens?: number;
  /** Seed of the PRNG that builds the outputs; default 1. */
  seed?: number;
  /** Called as the corpus is read (`phase: "read"`, in tokens), built, and as outputs are attributed. */
  onProgress?: (progress: BenchProgress) => void;
}

export type BenchProgress = BuildProgress | { phase: "read" | "attribute"; done: number; total: number };

/** What `runBench` measured; `reports/bench-attribution.json` holds exactly this. */
export interface BenchReport {
  corpusTokens: number;
  contributions: number;
  vocabulary: number;
  readSeconds: number;
  buildSeconds: number;
  /** CPU time of the build, all of this process's threads. */
  buildCpuSeconds: number;
  buildTokensPerSecond: number;
  outputs: number;
  outputTokens: number;
  /** Outputs attributed, untimed, before the timed ones. */
  warmupOutputs: number;
  meanMsPerOutput: number;
  p50MsPerOutput: number;
  p99MsPerOutput: number;
  maxMsPerOutput: number;
  /** Per-output CPU time of this process: what the engine costs, whatever else the machine runs. */
  meanCpuMsPerOutput: number;
  p99CpuMsPerOutput: number;
  meanUnattributed: number;
  peakRssBytes: number;
  heapUsedBytes: number;
  arrayBuffersBytes: number;
  node: string;
  cpu: string;
  /** The 1-minute load average when the run ended: timings on a busy machine include time spent preempted. */
  loadAverage: number;
}

/**
 * The candidate files, in a fixed order: the Solidity sources of @openzeppelin/contracts, then TypeScript's own
 * lib/*.d.ts, then every other .d.ts under node_modules; each group sorted by path (code-unit order). Symbolic
 * links inside node_modules are not followed, so every file is read once.
 */
export function benchCorpusFiles(nodeModules: string): string[] {
  const root = fs.realpathSync(nodeModules);
  const sorted = (files: string[]) => files.sort(compareCodeUnits);
  const solidity = sorted(walk(path.join(root, "@openzeppelin", "contracts"), (name) => name.endsWith(".sol")));
  const typescriptLib = path.join(root, "typescript", "lib");
  const typescript = sorted(walk(typescriptLib, (name) => name.endsWith(".d.ts")));
  const taken = new Set(typescript);
  const others = sorted(walk(root, (name) => name.endsWith(".d.ts")).filter((file) => !taken.has(file)));
  return [...solidity, ...typescript, ...others];
}

function walk(dir: string, keep: (name: string) => boolean): string[] {
  const files: string[] = [];
  if (!fs.existsSync(dir)) return files;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(full, keep));
    else if (entry.isFile() && keep(entry.name)) files.push(full);
  }
  return files;
}

/** Reads candidate files, one contribution each (id = path inside node_modules), until `minTokens` is reached. */
export function loadBenchCorpus(
  nodeModules: string,
  minTokens: number,
  onProgress: (done: number, total: number) => void = () => {},
): Contribution[] {
  const root = fs.realpathSync(nodeModules);
  const contributions: Contribution[] = [];
  let tokens = 0;
  for (const file of benchCorpusFiles(root)) {
    if (tokens >= minTokens) break;
    const text = fs.readFileSync(file, "utf8");
    tokens += countTokens(text);
    contributions.push({ id: path.relative(root, file).split(path.sep).join("/"), text });
    onProgress(Math.min(tokens, minTokens), minTokens);
  }
  if (tokens < minTokens)
    throw new Error(`node_modules holds only ${tokens} tokens of sources, fewer than ${minTokens}`);
  return contributions;
}

/**
 * Outputs that look like generated text drawing on the corpus: runs of 6 to 40 tokens copied from random places
 * (uniform over the corpus characters), separated by 0 to 4 novel tokens that occur nowhere, joined by spaces
 * (which the tokenizer reads back as the same tokens) and cut to exactly `tokens` tokens.
 */
export function benchOutputs(
  contributions: readonly Contribution[],
  count: number,
  tokens: number,
  seed: number,
): string[] {
  const random = mulberry32(seed);
  const ends: number[] = [];
  let chars = 0;
  for (const contribution of contributions) ends.push((chars += contribution.text.length));
  const pick = (): { text: string; offset: number } => {
    const target = Math.floor(random() * chars);
    let lo = 0;
    let hi = ends.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    const text = contributions[lo].text;
    return { text, offset: target - (ends[lo] - text.length) };
  };

  const outputs: string[] = [];
  let novel = 0;
  for (let k = 0; k < count; k++) {
    const words: string[] = [];
    while (words.length < tokens) {
      const runLength = 6 + Math.floor(random() * 35);
      const { text, offset } = pick();
      // The first token of the window may be cut in half, so it is dropped.
      words.push(...tokenize(text.slice(offset, offset + runLength * 24)).slice(1, runLength + 1));
      const gap = Math.floor(random() * 5);
      for (let g = 0; g < gap; g++) words.push(`novel${(novel++).toString(36)}q`);
    }
    outputs.push(words.slice(0, tokens).join(" "));
  }
  return outputs;
}

const WARMUP_OUTPUTS = 50;

/** Builds the corpus and the index, attributes the outputs, and measures both. */
export function runBench(options: BenchOptions): BenchReport {
  const { nodeModules, minTokens = 5_000_000, outputs = 1000, outputTokens = 200, seed = 1 } = options;
  for (const [name, value] of Object.entries({ minTokens, outputs, outputTokens })) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  const report = options.onProgress ?? (() => {});
  let heapUsedBytes = 0;
  let arrayBuffersBytes = 0;
  const sampleMemory = () => {
    const usage = process.memoryUsage();
    heapUsedBytes = Math.max(heapUsedBytes, usage.heapUsed);
    arrayBuffersBytes = Math.max(arrayBuffersBytes, usage.arrayBuffers);
  };

  const read = measure(() =>
    loadBenchCorpus(nodeModules, minTokens, (done, total) => report({ phase: "read", done, total })),
  );
  const contributions = read.result;
  sampleMemory();

  const build = measure(() => AttributionIndex.build(contributions, { onProgress: report }));
  const index = build.result;
  sampleMemory();

  // Untimed warm-up on other outputs, so that the timings measure compiled code rather than V8's tiers warming up.
  const warmupOutputs = Math.min(WARMUP_OUTPUTS, outputs);
  for (const text of benchOutputs(contributions, warmupOutputs, outputTokens, seed + 1)) index.attribute(text);

  const texts = benchOutputs(contributions, outputs, outputTokens, seed);
  const wall: number[] = [];
  const cpu: number[] = [];
  let unattributed = 0;
  report({ phase: "attribute", done: 0, total: outputs });
  texts.forEach((text, k) => {
    const run = measure(() => index.attribute(text));
    unattributed += run.result.unattributed;
    wall.push(run.wallMs);
    cpu.push(run.cpuMs);
    if ((k + 1) % 10 === 0 || k + 1 === outputs) report({ phase: "attribute", done: k + 1, total: outputs });
  });
  sampleMemory();

  const buildSeconds = build.wallMs / 1000;
  return {
    corpusTokens: index.tokenCount,
    contributions: index.contributionCount,
    vocabulary: index.vocabularySize,
    readSeconds: round(read.wallMs / 1000, 3),
    buildSeconds: round(buildSeconds, 3),
    buildCpuSeconds: round(build.cpuMs / 1000, 3),
    buildTokensPerSecond: Math.round(index.tokenCount / buildSeconds),
    outputs,
    outputTokens,
    warmupOutputs,
    meanMsPerOutput: round(mean(wall), 4),
    p50MsPerOutput: round(quantile(wall, 0.5), 4),
    p99MsPerOutput: round(quantile(wall, 0.99), 4),
    maxMsPerOutput: round(quantile(wall, 1), 4),
    meanCpuMsPerOutput: round(mean(cpu), 4),
    p99CpuMsPerOutput: round(quantile(cpu, 0.99), 4),
    meanUnattributed: round(unattributed / Math.max(1, outputs), 4),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes,
    arrayBuffersBytes,
    node: process.version,
    cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown"}`,
    loadAverage: round(os.loadavg()[0], 2),
  };
}

/** Runs `work`, timing it by the wall clock and by this process's CPU time (which preemption does not inflate). */
function measure<T>(work: () => T): { result: T; wallMs: number; cpuMs: number } {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  const result = work();
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  const used = process.cpuUsage(cpuStart);
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
}

/** The smallest value with at least a fraction q of the values at or below it. */
function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? 0;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** The report as an aligned two-column table. */
export function formatBenchTable(report: BenchReport): string {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const rows: [string, string][] = [
    ["corpus tokens", report.corpusTokens.toLocaleString("en-US")],
    ["contributions", report.contributions.toLocaleString("en-US")],
    ["vocabulary", report.vocabulary.toLocaleString("en-US")],
    ["read time", `${report.readSeconds.toFixed(2)} s`],
    ["build time", `${report.buildSeconds.toFixed(2)} s (CPU ${report.buildCpuSeconds.toFixed(2)} s)`],
    ["build speed", `${report.buildTokensPerSecond.toLocaleString("en-US")} tokens/s`],
    ["outputs", `${report.outputs} × ${report.outputTokens} tokens (after ${report.warmupOutputs} untimed)`],
    ["mean per output", `${report.meanMsPerOutput.toFixed(3)} ms`],
    ["p50 per output", `${report.p50MsPerOutput.toFixed(3)} ms`],
    ["p99 per output", `${report.p99MsPerOutput.toFixed(3)} ms`],
    ["max per output", `${report.maxMsPerOutput.toFixed(3)} ms`],
    ["mean CPU per output", `${report.meanCpuMsPerOutput.toFixed(3)} ms`],
    ["p99 CPU per output", `${report.p99CpuMsPerOutput.toFixed(3)} ms`],
    ["mean unattributed", report.meanUnattributed.toFixed(4)],
    ["peak RSS", mib(report.peakRssBytes)],
    ["peak heap used", mib(report.heapUsedBytes)],
    ["peak array buffers", mib(report.arrayBuffersBytes)],
    ["node", report.node],
    ["cpu", report.cpu],
    ["load average", report.loadAverage.toFixed(2)],
  ];
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join("\n");
}
