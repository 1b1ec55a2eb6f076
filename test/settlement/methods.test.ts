// Which method settles a proven output: exact influence where a Factory model was trained on exactly the version,
// spans otherwise; and the remainder spread by measured credit, so padding a file earns nothing.
import { expect } from "chai";
import { ethers } from "hardhat";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { InfluenceIndex } from "../../src/attribution/influence";
import { generate, serializeModel, trainNgram, weightsHash, type NgramModel } from "../../src/factory/ngram";
import { spreadByBytes } from "../../src/settlement/allocate";
import { loadVersionCorpus } from "../../src/settlement/availability";
import type { InferenceLogEntry } from "../../src/settlement/inferenceLog";
import { creditOutput, type FactoryWeights } from "../../src/settlement/methods";
import type { VersionContribution } from "../../src/settlement/source";
import { EpochTally } from "../../src/settlement/tally";
import { DEFAULT_ENGINE } from "../../src/attribution/engine";
import { ContentStore } from "../../src/store/ContentStore";
import { mulberry32 } from "../../src/util/random";

const ORIGINAL =
  "the curator reads each file before approval and the stake of a rejected file is burned so spam costs money";
const OTHER = "a model owner registers weights with a lineage of datanet versions and a fee for every inference";
const THIRD = "contributors are paid per epoch from a merkle root that anyone can recompute from published files";
const AMOUNT = 10n ** 18n;

let tmp: string;
let store: ContentStore;

/** The chain's records of `texts` in approval order, their bytes stored; `declared` overrides a declared size. */
async function recordsOf(texts: string[], options: { missing?: number; declared?: Map<number, bigint> } = {}) {
  const records: VersionContribution[] = [];
  for (const [i, text] of texts.entries()) {
    const bytes = Buffer.from(text);
    const stored = i === options.missing ? undefined : await store.put(bytes);
    records.push({
      contributionId: BigInt(i + 1),
      contributor: ethers.getAddress(`0x${(i + 1).toString(16).padStart(40, "0")}`),
      contentHash: (stored?.hash ?? ethers.id(`missing ${text}`)) as `0x${string}`,
      sizeBytes: options.declared?.get(i) ?? BigInt(bytes.length),
      qualityBps: 10_000,
      approved: 0,
      rejected: 0,
    });
  }
  return records;
}

/** Version 1 of datanet 1 holding `texts`, loaded as settlement loads it. */
async function version(texts: string[], options: { missing?: number; declared?: Map<number, bigint> } = {}) {
  const records = await recordsOf(texts, options);
  const source = { versionContributions: async () => records };
  return loadVersionCorpus(source, store, { datanetId: 1n, version: 1, blockTag: 1 }, DEFAULT_ENGINE);
}

function factory(model: NgramModel): FactoryWeights {
  return { model, weightsHash: weightsHash(serializeModel(model)) };
}

/** A logged output of `model` after `prompt`. */
function output(model: NgramModel, prompt: string, seed = "1"): InferenceLogEntry {
  const text = generate(model, prompt, { maxTokens: 20, seed }).text;
  return { inferenceId: ethers.ZeroHash as `0x${string}`, modelId: "1", agentId: "0", prompt, seed, output: text };
}

describe("settlement methods", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "methods-"));
    store = new ContentStore(tmp);
  });
  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("credits a regenerated output of a model trained on the version by exact influence, to the wei", async function () {
    const texts = [ORIGINAL, OTHER, THIRD];
    const corpus = await version(texts);
    const model = trainNgram(texts, { order: 3 });
    const entry = output(model, "the curator reads");
    const credit = creditOutput(AMOUNT, corpus, entry, factory(model));
    expect(credit.method).to.equal("influence");
    const exact = InfluenceIndex.build(model, corpus.training!).attribute(entry.output, { prompt: entry.prompt });
    const expected = exact.credits.map(({ id, parts }) => [id, (AMOUNT * parts) / exact.totalParts]);
    expect([...credit.byContribution]).to.deep.equal(expected.filter(([, value]) => value !== 0n));
    // Every token of a generated output was seen in training: all but rounding is attributed.
    expect(credit.attributed).to.be.greaterThan((AMOUNT * 99n) / 100n);
    expect(credit.attributed + credit.unattributed).to.equal(AMOUNT);
  });

  it("pays whichever of an original and its near-copy was approved first for the text they share", async function () {
    const original = "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat ".repeat(3);
    const copy = `${original}and one more line`;
    // Unrelated texts over a few words give the chance model the body of short matches it measures.
    const random = mulberry32(3);
    const words = ["ka", "lo", "mi", "nu", "po", "ra"];
    const background = Array.from({ length: 12 }, () =>
      Array.from({ length: 200 }, () => words[Math.floor(random() * words.length)]).join(" "),
    );
    const pairShare = async (texts: string[], first: string, later: string) => {
      const model = trainNgram(texts);
      const credit = creditOutput(AMOUNT, await version(texts), output(model, "the quick brown", "5"), factory(model));
      expect(credit.method).to.equal("influence");
      const [a, b] = [credit.byContribution.get(first) ?? 0n, credit.byContribution.get(later) ?? 0n];
      return Number((b * 1000n) / (a + b)) / 1000;
    };
    // Approval order is the records' order: ids 1 and 2 are the first two approved.
    expect(await pairShare([original, copy, ...background], "1", "2")).to.be.below(0.1);
    expect(await pairShare([copy, original, ...background], "1", "2")).to.be.below(0.1);
  });

  it("settles by spans when the weights were trained on other texts, however many", async function () {
    const texts = [ORIGINAL, OTHER, THIRD];
    const corpus = await version(texts);
    const elsewhere = trainNgram([ORIGINAL, OTHER, "text the version never held at all"], { order: 3 });
    const credit = creditOutput(AMOUNT, corpus, output(elsewhere, "text the version"), factory(elsewhere));
    expect(credit.method).to.equal("spans");
  });

  it("settles by spans when a contribution of the version is unavailable: the training set cannot be checked", async function () {
    const texts = [ORIGINAL, OTHER, THIRD];
    const corpus = await version(texts, { missing: 1 });
    const model = trainNgram(texts, { order: 3 });
    expect(corpus.training).to.equal(undefined);
    expect(creditOutput(AMOUNT, corpus, output(model, "the curator reads"), factory(model)).method).to.equal("spans");
  });

  it("pays a contribution excluded for its declared size nothing, though the model was trained on it", async function () {
    const texts = [ORIGINAL, OTHER, THIRD];
    const corpus = await version(texts, { declared: new Map([[0, 2n ** 64n - 1n]]) });
    const model = trainNgram(texts, { order: 3 });
    const credit = creditOutput(AMOUNT, corpus, output(model, "the curator reads"), factory(model));
    expect(credit.method).to.equal("influence");
    expect(credit.byContribution.has("1")).to.equal(false);
    expect(credit.unattributed).to.be.greaterThan(0n);
  });

  it("spreads a version's remainder by measured credit, so a padded file earns nothing of it", async function () {
    const padded = `${THIRD} ${"filler words nobody will ever ask a model for ".repeat(400)}`;
    const texts = [ORIGINAL, OTHER, padded];
    const records = await recordsOf(texts);
    const model = trainNgram(texts, { order: 3 });
    const tally = new EpochTally(
      {
        versionContributions: async () => records,
        lineageOf: async () => [{ datanetId: 1n, version: 1, weightBps: 10_000 }],
        baseModelOf: async () => 0n,
      } as never,
      store,
      1,
      DEFAULT_ENGINE,
      new Set(),
    );
    const [part] = await tally.split(1n, { dataPoolAmount: AMOUNT, baseDataPoolAmount: 0n });
    const entry = output(model, "the curator reads");
    const credit = await tally.attribute(part, { entry, proof: "regenerated", factory: factory(model) });
    tally.addUnattributed({ datanetId: 1n, version: 1, amount: 10n * AMOUNT }); // unlogged receipts of the version
    const { remainders } = await tally.spread();
    expect(remainders.map((r) => r.rule)).to.deep.equal(["measured-credit"]);
    // Its own measured credit, and the same share of the remainder: about 11 times it, never its bytes' share.
    const measured = credit.byContribution.get("3") ?? 0n;
    expect(tally.gained.get(records[2].contributor) ?? 0n).to.be.at.most(measured * 11n + 11n);
    const corpus = await version(texts);
    expect(spreadByBytes(10n * AMOUNT, corpus.contributions).get("3")).to.be.greaterThan(5n * AMOUNT);
  });
});
