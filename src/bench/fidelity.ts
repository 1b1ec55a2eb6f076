// The fidelity benchmark: does attribution pay the data that mattered? Measured on real text from node_modules.
import * as v8 from "v8";
import * as vm from "vm";
import { AttributionIndex, type Attribution, type Contribution } from "../attribution/engine";
import { InfluenceIndex } from "../attribution/influence";
import { approvedIndex, novelty } from "../attribution/novelty";
import { spreadRemainder } from "../attribution/remainder";
import { generate, trainNgram } from "../factory/ngram";
import { tokenize as factoryTokens } from "../factory/tokens";
import { mulberry32 } from "../util/random";
import { insertComments, renameAndReorder } from "./disguise";
import {
  BenchFile,
  domainFiles,
  plantedOutput,
  PlantedOutput,
  replaceWords,
  shuffled,
  splitByGroup,
  window,
  wordsOf,
} from "./fidelityCases";

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
  config: Required<Omit<FidelityOptions, "onProgress" | "nodeModules">>;
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
    const context: DomainContext = { name, corpus, heldOut, prose, index, config, random, progress };
    perDomain[name] = measureDomain(context);
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

interface DomainContext {
  name: string;
  corpus: BenchFile[];
  heldOut: BenchFile[];
  prose: BenchFile[];
  index: AttributionIndex;
  config: Required<Omit<FidelityOptions, "onProgress" | "nodeModules">>;
  random: () => number;
  progress: (domain: string, step: string) => void;
}

function measureDomain(context: DomainContext): Metrics {
  const { name, progress } = context;
  progress(name, "factory model");
  const factory = measureFactory(context);
  progress(name, "near-copy model");
  const nearCopyShare = measureNearCopy(context);
  progress(name, "spans");
  const spans = measureSpans(context);
  progress(name, "copy check");
  const copyCheck = measureCopyCheck(context);
  return { ...factory, nearCopyShare, ...spans, ...copyCheck } as Metrics;
}

/** Contributions in approval order: the order given is the order approved. */
function approvalOrder(files: readonly BenchFile[]): Contribution[] {
  return files.map((file, priority) => ({ id: file.id, text: file.text, priority }));
}

/** A prompt from a file: its first dozen Factory tokens, read as the start of a request in the domain. */
function promptOf(file: BenchFile): string {
  return factoryTokens(file.text).slice(0, 12).join(" ");
}

function shareOf(result: Attribution, ids: ReadonlySet<string>): number {
  return result.shares.reduce((sum, { id, share }) => sum + (ids.has(id) ? share : 0), 0);
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Factory outputs: attributed by influence (what settlement uses) and, for reference, by span matching. */
function measureFactory({ corpus, heldOut, config }: DomainContext) {
  const model = trainNgram(corpus.map((file) => file.text));
  const influence = InfluenceIndex.build(model, approvalOrder(corpus));
  // Span matching over the trained files and the held-out ones, which the model never saw.
  const spans = AttributionIndex.build(approvalOrder([...corpus, ...heldOut]));
  const untrained = new Set(heldOut.map((file) => file.id));
  const rows = Array.from({ length: config.outputs }, (_, k) => {
    const prompt = promptOf(heldOut[k % heldOut.length]);
    const output = generate(model, prompt, { maxTokens: config.outputTokens, seed: `${config.seed}:${k}` }).text;
    const byInfluence = influence.attribute(output, { prompt });
    const bySpans = spans.attribute(output);
    const credited = (r: Attribution) => Math.max(1e-12, 1 - r.unattributed);
    return {
      attributed: 1 - byInfluence.unattributed,
      untrained: shareOf(byInfluence, untrained) / credited(byInfluence),
      attributedSpans: 1 - bySpans.unattributed,
      untrainedSpans: 1 - bySpans.unattributed > 0 ? shareOf(bySpans, untrained) / credited(bySpans) : 0,
    };
  });
  return {
    factoryAttributed: mean(rows.map((r) => r.attributed)),
    factoryUntrainedShare: mean(rows.map((r) => r.untrained)),
    factoryAttributedSpans: mean(rows.map((r) => r.attributedSpans)),
    factoryUntrainedShareSpans: mean(rows.map((r) => r.untrainedSpans)),
  };
}

/** A model trained on the corpus plus a later, lightly edited copy of one file: the copy's share of the pair. */
function measureNearCopy({ corpus, prose, config, random }: DomainContext): number {
  const original = corpus.reduce((best, file) => (file.text.length > best.text.length ? file : best));
  const edited = replaceWords(original.text, 0.05, wordsOf(prose.map((file) => file.text)).slice(0, 5000), random);
  const copy = { id: `${original.id}.near-copy`, text: insertComments(edited, original.id, 20, random) };
  const files = [...corpus, copy];
  const model = trainNgram(files.map((file) => file.text));
  const influence = InfluenceIndex.build(model, approvalOrder(files));
  let copyShare = 0;
  let pairShare = 0;
  for (let k = 0; k < config.outputs; k++) {
    const prompt = promptOf(original);
    const output = generate(model, prompt, { maxTokens: config.outputTokens, seed: `near:${config.seed}:${k}` });
    const result = influence.attribute(output.text, { prompt });
    copyShare += shareOf(result, new Set([copy.id]));
    pairShare += shareOf(result, new Set([copy.id, original.id]));
  }
  return pairShare === 0 ? 0 : copyShare / pairShare;
}

/** Span matching: unrelated text, planted and edited snippets in prose, an identical copy, and padding. */
function measureSpans(context: DomainContext) {
  const { corpus, heldOut, prose, index, config, random } = context;
  const unrelated = mean(
    Array.from({ length: config.outputs }, (_, k) => {
      const text = window(heldOut[k % heldOut.length].text, 300, random);
      return 1 - index.attribute(text).unattributed;
    }),
  );
  const planted = Array.from({ length: config.outputs }, () => plantedOutput(corpus, prose, 3, random));
  const plantedResults = planted.map((output) => index.attribute(output.text));
  const replacement = wordsOf(prose.map((file) => file.text)).slice(0, 5000);
  const edited = Array.from({ length: config.outputs }, () =>
    plantedOutput(corpus, prose, 3, random, (snippet) => replaceWords(snippet, 0.3, replacement, random)),
  );
  const editedResults = edited.map((output) => index.attribute(output.text));
  const sourceSet = (output: PlantedOutput) => new Set(output.sources);
  const exact = edited.map((output, k) => {
    const credited = editedResults[k].shares.map((s) => s.id).sort();
    return credited.join("\n") === [...output.sources].sort().join("\n") ? 1 : 0;
  });
  return {
    unrelatedCredit: unrelated,
    plantedSpurious: mean(
      plantedResults.map((r, k) => Math.max(0, 1 - r.unattributed - shareOf(r, sourceSet(planted[k])))),
    ),
    plantedTrueShare: mean(plantedResults.map((r, k) => shareOf(r, sourceSet(planted[k])))),
    editedExactSourceSet: mean(exact),
    editedTrueShare: mean(editedResults.map((r, k) => shareOf(r, sourceSet(edited[k])))),
    editedCeiling: mean(edited.map((output) => output.snippetTokens / output.totalTokens)),
    identicalCopyShare: measureIdenticalCopy(context),
    ...measurePadding(context, planted),
  };
}

/** A byte-identical copy of a corpus file, approved after it: its share of outputs drawn from that file. */
function measureIdenticalCopy({ corpus, config, random }: DomainContext): number {
  const original = corpus[0];
  const copy = { id: `${original.id}.copy`, text: original.text };
  const index = AttributionIndex.build(approvalOrder([...corpus, copy]));
  let copyShare = 0;
  let pairShare = 0;
  for (let k = 0; k < config.outputs; k++) {
    const result = index.attribute(window(original.text, 60, random));
    copyShare += shareOf(result, new Set([copy.id]));
    pairShare += shareOf(result, new Set([copy.id, original.id]));
  }
  return pairShare === 0 ? 0 : copyShare / pairShare;
}

/**
 * The remainder of the planted outputs spread by measured credit, before and after one source file is doubled
 * with padding (filler words), and the same under the old rule (declared bytes × quality): the gain, relative.
 */
function measurePadding({ corpus, prose, index, random }: DomainContext, outputs: readonly PlantedOutput[]) {
  const padded = outputs[0].sources[0];
  const words = wordsOf(prose.map((file) => file.text));
  const paddedCorpus = corpus.map((file) =>
    file.id !== padded
      ? file
      : {
          id: file.id,
          text: `${file.text}\n${Array.from({ length: 2000 }, () => words[Math.floor(random() * words.length)]).join(" ")}`,
        },
  );
  const paddedIndex = AttributionIndex.build(approvalOrder(paddedCorpus));
  const remainderShare = (attributor: AttributionIndex): number => {
    const credit = new Map<string, bigint>();
    for (const output of outputs) {
      for (const { id, share } of attributor.attribute(output.text).shares) {
        credit.set(id, (credit.get(id) ?? 0n) + BigInt(Math.floor(share * 1e12)));
      }
    }
    const { amounts } = spreadRemainder(10n ** 18n, [...credit]);
    return Number(amounts.get(padded) ?? 0n) / 1e18;
  };
  const bySize = (files: readonly BenchFile[]) =>
    files.find((file) => file.id === padded)!.text.length / files.reduce((sum, file) => sum + file.text.length, 0);
  const gain = (before: number, after: number) => (after > before ? (after - before) / after : 0);
  return {
    paddingGain: gain(remainderShare(index), remainderShare(paddedIndex)),
    paddingGainBySize: gain(bySize(corpus), bySize(paddedCorpus)),
  };
}

/** The copy check against the corpus: two disguises of corpus files, and held-out files that are new. */
function measureCopyCheck({ corpus, heldOut, config, random }: DomainContext) {
  const check = approvedIndex(corpus);
  const targets = shuffled(corpus, random).slice(0, config.outputs);
  const caught = (disguise: (file: BenchFile) => string) =>
    mean(targets.map((file) => (novelty(check, disguise(file)).isCopy ? 1 : 0)));
  // A held-out file that is a copy as written is not new (packages ship each other's files): it is left out.
  const fresh = heldOut.map((file) => novelty(check, file.text)).filter((report) => !(report.rawCoverage! > 0.8));
  return {
    disguisedCommentsCaught: caught((file) => insertComments(file.text, file.id, 3, random)),
    disguisedRenamedCaught: caught((file) => renameAndReorder(file.text, check.shared, 0.1, random)),
    newFilesFlagged: mean(fresh.map((report) => (report.isCopy ? 1 : 0))),
  };
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
