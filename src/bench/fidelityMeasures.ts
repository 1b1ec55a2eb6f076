// The fidelity benchmark's measurements, one function per case: each builds its outputs and reads the metrics.
import { AttributionIndex, type Attribution, type Contribution } from "../attribution/engine";
import { InfluenceIndex } from "../attribution/influence";
import { approvedIndex, novelty } from "../attribution/novelty";
import { spreadRemainder } from "../attribution/remainder";
import { generate, trainNgram } from "../factory/ngram";
import { tokenize as factoryTokens } from "../factory/tokens";
import { insertComments, renameAndReorder } from "../attribution/disguise";
import { BenchFile, plantedOutput, PlantedOutput, replaceWords, shuffled, window, wordsOf } from "./fidelityCases";

/** The sizes and seed of a run. */
export interface BenchConfig {
  corpusFiles: number;
  heldOutFiles: number;
  outputs: number;
  outputTokens: number;
  seed: number;
}

/** Everything a domain's measurements need. */
export interface DomainContext {
  name: string;
  corpus: BenchFile[];
  heldOut: BenchFile[];
  prose: BenchFile[];
  index: AttributionIndex;
  config: BenchConfig;
  random: () => number;
  progress: (domain: string, step: string) => void;
}

/** Every metric of one domain, by name. */
export function measureDomain(context: DomainContext): Record<string, number> {
  const { name, progress } = context;
  progress(name, "factory model");
  const factory = measureFactory(context);
  progress(name, "near-copy model");
  const nearCopyShare = measureNearCopy(context);
  progress(name, "spans");
  const spans = measureSpans(context);
  progress(name, "copy check");
  const copyCheck = measureCopyCheck(context);
  return { ...factory, nearCopyShare, ...spans, ...copyCheck };
}

/** Contributions in approval order: the order given is the order approved. */
export function approvalOrder(files: readonly BenchFile[]): Contribution[] {
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
