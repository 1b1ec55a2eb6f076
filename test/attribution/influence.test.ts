// InfluenceIndex: exact influence of training contributions on a Factory model's output, pinned to leave-one-out.
import { expect } from "chai";
import fc from "fast-check";
import { generate, trainNgram } from "../../src/factory/ngram";
import { tokenize } from "../../src/factory/tokens";
import { mulberry32 } from "../../src/util/random";
import { InfluenceIndex, InfluenceMismatchError, TOKEN_PARTS } from "../../src/attribution/influence";

/** Small corpora over a few words, so that n-grams are shared between contributions and backoff happens. */
const corpus = fc.uniqueArray(
  fc.record({
    id: fc.string({ minLength: 1, maxLength: 3 }),
    text: fc
      .array(fc.constantFrom("a", "b", "c", "d", "(", ")"), { minLength: 1, maxLength: 25 })
      .map((w) => w.join(" ")),
  }),
  { selector: (c) => c.id, minLength: 1, maxLength: 5 },
);

describe("InfluenceIndex", function () {
  it("gives each contribution exactly the counts that leave-one-out retraining removes, at the context used", function () {
    fc.assert(
      fc.property(
        corpus,
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom("a", "b", "c", "d", "(", ")", "z"), { maxLength: 12 }),
        (contributions, order, output) => {
          const model = trainNgram(
            contributions.map((c) => c.text),
            { order },
          );
          const index = InfluenceIndex.build(model, contributions, { firstAuthor: false });
          const ids = [...index.ids];
          for (let t = 0; t < output.length; t++) {
            const influence = index.tokenInfluence(output.slice(0, t), output[t]);
            const context = influence?.context.join(" ") ?? "";
            const full = model.counts.get(context)?.get(output[t]);
            if (influence === undefined) {
              expect(model.counts.get("")?.has(output[t]) ?? false).to.equal(false);
              continue;
            }
            expect(influence.total).to.equal(full);
            ids.forEach((id, c) => {
              const without = trainNgram(
                contributions.filter((x) => x.id !== id).map((x) => x.text),
                { order },
              );
              const left = without.counts.get(context)?.get(output[t]) ?? 0;
              const supplied = influence.counts.find((row) => row.contribution === c)?.count ?? 0;
              expect(supplied, `${id} on token ${t}`).to.equal(full! - left);
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it("splits every token's parts exactly: credits add up to the output's parts when the model knows each token", function () {
    const contributions = [
      { id: "x", text: "a b c a b d" },
      { id: "y", text: "a b c c d" },
    ];
    const index = InfluenceIndex.build(trainNgram(contributions.map((c) => c.text)), contributions);
    const result = index.attribute("a b c d");
    expect(result.totalParts).to.equal(4n * TOKEN_PARTS);
    expect(result.credits.reduce((sum, c) => sum + c.parts, 0n)).to.equal(result.totalParts);
    expect(result.unattributed).to.be.closeTo(0, 1e-15);
    // "a" at the start of a document: both start with it, so each supplied one of the two counts.
    expect(index.tokenInfluence([], "a")!.counts).to.deep.equal([
      { contribution: 0, count: 1 },
      { contribution: 1, count: 1 },
    ]);
  });

  it("leaves a token the model never saw unattributed", function () {
    const contributions = [{ id: "x", text: "a b c" }];
    const index = InfluenceIndex.build(trainNgram(["a b c"]), contributions);
    const result = index.attribute("a b zzz");
    expect(result.shares).to.deep.equal([{ id: "x", share: 2 / 3 }]);
    expect(result.unattributed).to.be.closeTo(1 / 3, 1e-15);
  });

  it("pays the original, not its later copy, for a model trained on both", function () {
    const original = {
      id: "b-original",
      text: tokenize(
        "the quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat ".repeat(3),
      ).join(" "),
      priority: 0,
    };
    const copy = { id: "a-copy", text: `${original.text} and one more line`, priority: 1 };
    // Unrelated texts over a few words give the chance model the body of short matches it measures.
    const random = mulberry32(3);
    const words = ["ka", "lo", "mi", "nu", "po", "ra"];
    const background = Array.from({ length: 12 }, (_, k) => ({
      id: `c${k}`,
      text: Array.from({ length: 200 }, () => words[Math.floor(random() * words.length)]).join(" "),
      priority: 2 + k,
    }));
    const contributions = [original, copy, ...background];
    const model = trainNgram(contributions.map((c) => c.text));
    const prompt = "the quick brown";
    const output = generate(model, prompt, { maxTokens: 200, seed: 5 }).text;
    const pairShare = (result: { shares: { id: string; share: number }[] }) => {
      const share = (id: string) => result.shares.find((s) => s.id === id)?.share ?? 0;
      return share("a-copy") / (share("a-copy") + share("b-original"));
    };
    const result = InfluenceIndex.build(model, contributions).attribute(output, { prompt });
    expect(1 - result.unattributed).to.be.greaterThan(0.99);
    expect(pairShare(result)).to.be.lessThan(0.1);
    // Without provenance, the two hold the same counts and split the credit.
    const raw = InfluenceIndex.build(model, contributions, { firstAuthor: false }).attribute(output, { prompt });
    expect(pairShare(raw)).to.be.greaterThan(0.4);
  });

  it("gives the same credits whatever order the contributions come in", function () {
    const contributions = [
      { id: "p", text: "x y z x y w" },
      { id: "q", text: "x y w w z" },
      { id: "r", text: "z z x y" },
    ];
    const model = trainNgram(contributions.map((c) => c.text));
    const output = generate(model, "", { maxTokens: 30, seed: 1 }).text;
    expect(InfluenceIndex.build(model, [...contributions].reverse()).attribute(output)).to.deep.equal(
      InfluenceIndex.build(model, contributions).attribute(output),
    );
  });

  it("refuses contributions the weights were not trained on", function () {
    const model = trainNgram(["a b c", "c d e"]);
    expect(() => InfluenceIndex.build(model, [{ id: "x", text: "a b c" }])).to.throw(
      InfluenceMismatchError,
      /2 documents/,
    );
    const index = InfluenceIndex.build(model, [
      { id: "x", text: "a b c" },
      { id: "y", text: "c d d" },
    ]);
    expect(() => index.attribute("c d e")).to.throw(InfluenceMismatchError, /model counted/);
  });
});
