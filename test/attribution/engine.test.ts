// AttributionIndex: the scoring rule, its invariants (shares add up to 1, order does not matter) and edge cases.
import { expect } from "chai";
import fc from "fast-check";
import { AttributionIndex, Contribution, DEFAULT_MIN_SPAN_TOKENS } from "../../src/attribution/engine";
import { mulberry32 } from "../../src/util/random";

const L = DEFAULT_MIN_SPAN_TOKENS;

/** `count` distinct words starting with `prefix`: text that nothing else in a test corpus holds. */
function words(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, k) => `${prefix}${k}`);
}

/** Text over a vocabulary of six words, in which runs of a few tokens recur everywhere by chance. */
function randomText(random: () => number, tokens: number): string {
  const vocabulary = ["ka", "lo", "mi", "nu", "po", "ra"];
  return Array.from({ length: tokens }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(" ");
}

/** Twenty contributions of such text: a corpus whose chance matches give the chance model a body to measure. */
function background(): Contribution[] {
  const random = mulberry32(7);
  return Array.from({ length: 20 }, (_, k) => ({
    id: `c${String(k).padStart(2, "0")}`,
    text: randomText(random, 300),
  }));
}

function shareOf(result: { shares: { id: string; share: number }[] }, id: string): number {
  return result.shares.find((entry) => entry.id === id)?.share ?? 0;
}

function total(result: { shares: { share: number }[]; unattributed: number }): number {
  return result.shares.reduce((sum, entry) => sum + entry.share, 0) + result.unattributed;
}

/** Random contributions and an output over a few words, so that spans are frequent and overlap. */
const scenario = fc.record({
  contributions: fc.uniqueArray(
    fc.record({
      id: fc.string({ minLength: 1, maxLength: 4 }),
      text: fc.array(fc.constantFrom("a", "b", "c", "(", ")"), { maxLength: 40 }).map((words) => words.join(" ")),
      qualityBps: fc.integer({ min: 0, max: 10_000 }),
      approved: fc.nat(5),
      rejected: fc.nat(5),
    }),
    { selector: (contribution) => contribution.id, maxLength: 6 },
  ),
  output: fc
    .array(fc.constantFrom("a", "b", "c", "(", ")", "novel"), { maxLength: 40 })
    .map((words) => words.join(" ")),
  minSpanTokens: fc.integer({ min: 1, max: 5 }),
  maxOccurrences: fc.integer({ min: 1, max: 12 }),
});

describe("AttributionIndex", function () {
  describe("invariants", function () {
    it("returns shares and an unattributed part that add up to 1", function () {
      fc.assert(
        fc.property(scenario, ({ contributions, output, minSpanTokens, maxOccurrences }) => {
          const result = AttributionIndex.build(contributions).attribute(output, { minSpanTokens, maxOccurrences });
          expect(Math.abs(total(result) - 1)).to.be.at.most(1e-12);
          expect(result.unattributed).to.be.at.least(0);
          for (const { share } of result.shares) expect(share).to.be.greaterThan(0);
        }),
        { numRuns: 300 },
      );
    });

    it("gives the very same result whatever order the contributions come in", function () {
      fc.assert(
        fc.property(
          scenario.chain((s) =>
            fc.tuple(
              fc.constant(s),
              fc.shuffledSubarray(s.contributions, {
                minLength: s.contributions.length,
                maxLength: s.contributions.length,
              }),
            ),
          ),
          ([{ contributions, output, minSpanTokens, maxOccurrences }, shuffled]) => {
            const options = { minSpanTokens, maxOccurrences };
            expect(AttributionIndex.build(shuffled).attribute(output, options)).to.deep.equal(
              AttributionIndex.build(contributions).attribute(output, options),
            );
          },
        ),
        { numRuns: 200 },
      );
    });

    it("lists shares from largest to smallest, equal shares by id", function () {
      const index = AttributionIndex.build([
        { id: "b", text: "one two three four" },
        { id: "a", text: "five six seven eight" },
        { id: "c", text: "nine ten eleven twelve thirteen" },
      ]);
      const result = index.attribute("one two three four five six seven eight nine ten eleven twelve thirteen");
      expect(result.shares.map((entry) => entry.id)).to.deep.equal(["c", "a", "b"]);
      expect(shareOf(result, "a")).to.equal(shareOf(result, "b"));
    });
  });

  describe("scoring rule", function () {
    it("credits each copied token's 1/m to the contribution holding it, and leaves the rest unattributed", function () {
      const index = AttributionIndex.build([
        { id: "A", text: "a b c d e f" },
        { id: "B", text: "x y z w" },
      ]);
      // Nothing in this corpus matches across contributions, so the chance threshold is the seed length.
      expect(index.chanceSpanTokens).to.equal(L);
      // 11 tokens: a 6-token span from A, an unknown token, a 4-token span from B.
      const result = index.attribute("a b c d e f q x y z w");
      expect(shareOf(result, "A")).to.equal(6 / 11);
      expect(shareOf(result, "B")).to.equal(4 / 11);
      expect(result.unattributed).to.be.closeTo(1 / 11, 1e-15);
    });

    it("gives a token that two contributions hold to the first author, and the rest to whoever adds it", function () {
      const a = words("a", 20);
      const contributions = [
        { id: "A", text: a.join(" ") },
        { id: "B", text: [...a.slice(10), ...words("b", 10)].join(" ") },
        ...background(),
      ];
      const output = [...a, ...words("b", 10)].join(" ");
      const byId = AttributionIndex.build(contributions);
      expect(byId.chanceSpanTokens).to.be.within(L + 1, 20);
      expect(byId.attribute(output).shares).to.deep.equal([
        { id: "A", share: 20 / 30 },
        { id: "B", share: 10 / 30 },
      ]);
      const bApprovedFirst = contributions.map((c) => ({ ...c, priority: c.id === "B" ? 0 : 1 }));
      expect(AttributionIndex.build(bApprovedFirst).attribute(output).shares).to.deep.equal([
        { id: "B", share: 20 / 30 },
        { id: "A", share: 10 / 30 },
      ]);
    });

    it("pays nothing to a byte-identical later copy, and the original what it would earn alone", function () {
      const original = { id: "original", text: words("o", 20).join(" "), priority: 0 };
      const copy = { id: "copy", text: original.text, priority: 1 };
      const alone = AttributionIndex.build([original, ...background()]).attribute(original.text);
      expect(alone).to.deep.equal({ shares: [{ id: "original", share: 1 }], unattributed: 0 });
      expect(AttributionIndex.build([original, copy, ...background()]).attribute(original.text)).to.deep.equal(alone);
    });

    it("credits an edited copy to its source for its whole length, replaced words included", function () {
      const source = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";
      const index = AttributionIndex.build([
        { id: "source", text: source },
        { id: "other", text: "sixteen seventeen eighteen nineteen twenty" },
      ]);
      // Every fourth word replaced: no exact run is longer than 3 tokens... except where the seed is.
      const edited = "one two three four five six SEVEN eight nine ten ELEVEN twelve thirteen fourteen FIFTEEN";
      const result = index.attribute(edited);
      expect(result.shares.map((entry) => entry.id)).to.deep.equal(["source"]);
      // The last replaced word ends the alignment: X-drop keeps the extent at its best score.
      expect(shareOf(result, "source")).to.equal(14 / 15);
    });

    it("credits nobody for text that copies nothing, though its short runs match by chance, and a copy in full", function () {
      const contributions = background();
      const index = AttributionIndex.build(contributions);
      expect(index.chanceSpanTokens).to.be.greaterThan(L);
      const unrelated = index.attribute(randomText(mulberry32(99), 2000));
      expect(1 - unrelated.unattributed).to.be.at.most(0.03);
      const copied = contributions[3].text
        .split(" ")
        .slice(100, 100 + 3 * index.chanceSpanTokens)
        .join(" ");
      expect(index.attribute(copied)).to.deep.equal({ shares: [{ id: "c03", share: 1 }], unattributed: 0 });
    });

    it("treats a span found at more than maxOccurrences positions as common knowledge that credits nobody", function () {
      const phrase = "pragma solidity caret zero eight twenty";
      const index = AttributionIndex.build([
        { id: "p", text: Array(5).fill(phrase).join(" ; ") },
        { id: "q", text: "nothing like it" },
      ]);
      expect(index.attribute(phrase, { maxOccurrences: 4 })).to.deep.equal({ shares: [], unattributed: 1 });
      expect(index.attribute(phrase, { maxOccurrences: 5 })).to.deep.equal({
        shares: [{ id: "p", share: 1 }],
        unattributed: 0,
      });
    });

    it("scales a contribution's credit by its quality and moves the difference to unattributed", function () {
      const text = "one two three four five six";
      const full = AttributionIndex.build([{ id: "x", text }]).attribute(text);
      const half = AttributionIndex.build([{ id: "x", text, qualityBps: 5000 }]).attribute(text);
      expect(shareOf(half, "x")).to.equal(shareOf(full, "x") / 2);
      expect(half.unattributed).to.be.closeTo(full.unattributed + shareOf(full, "x") / 2, 1e-15);
      expect(AttributionIndex.build([{ id: "x", text, qualityBps: 0 }]).attribute(text)).to.deep.equal({
        shares: [],
        unattributed: 1,
      });
    });

    it("gives a fresh contributor the same credit as one with rejections: reviews do not scale credit", function () {
      const text = "one two three four five six";
      const shareWith = (review: Partial<Contribution>) =>
        shareOf(AttributionIndex.build([{ id: "x", text, ...review }]).attribute(text), "x");
      const fresh = shareWith({});
      expect(fresh).to.equal(1);
      expect(shareWith({ rejected: 3 })).to.equal(fresh);
      expect(shareWith({ approved: 7, rejected: 1 })).to.equal(fresh);
    });
  });

  describe("edge cases", function () {
    const index = AttributionIndex.build([
      { id: "A", text: "a b c d e f" },
      { id: "empty", text: "" },
    ]);

    it("leaves an empty output wholly unattributed", function () {
      expect(index.attribute("")).to.deep.equal({ shares: [], unattributed: 1 });
      expect(index.attribute(" \n\t")).to.deep.equal({ shares: [], unattributed: 1 });
    });

    it("leaves an output with no match wholly unattributed", function () {
      expect(index.attribute("nothing here matches the corpus")).to.deep.equal({ shares: [], unattributed: 1 });
      // Known tokens, but no run of minSpanTokens of them in one contribution.
      expect(index.attribute("a b c x d e f")).to.deep.equal({ shares: [], unattributed: 1 });
    });

    it("attributes nothing over an empty corpus", function () {
      const empty = AttributionIndex.build([]);
      expect(empty.tokenCount).to.equal(0);
      expect(empty.attribute("a b c d e f")).to.deep.equal({ shares: [], unattributed: 1 });
    });

    it("indexes a contribution with empty text, never credits it, and credits the others as without it", function () {
      expect(index.contributionCount).to.equal(2);
      const withEmpty = index.attribute("a b c d e f");
      const without = AttributionIndex.build([{ id: "A", text: "a b c d e f" }]).attribute("a b c d e f");
      expect(withEmpty).to.deep.equal(without);
    });

    it("rejects duplicate ids and out-of-range fields", function () {
      expect(() =>
        AttributionIndex.build([
          { id: "d", text: "x" },
          { id: "d", text: "y" },
        ]),
      ).to.throw(/duplicate contribution id "d"/);
      expect(() => AttributionIndex.build([{ id: "q", text: "x", qualityBps: 10_001 }])).to.throw(
        RangeError,
        /qualityBps/,
      );
      expect(() => AttributionIndex.build([{ id: "q", text: "x", qualityBps: 0.5 }])).to.throw(
        RangeError,
        /qualityBps/,
      );
      expect(() => AttributionIndex.build([{ id: "r", text: "x", rejected: -1 }])).to.throw(RangeError, /rejected/);
      expect(() => index.attribute("a", { minSpanTokens: 0 })).to.throw(RangeError, /minSpanTokens/);
      expect(() => index.attribute("a", { maxOccurrences: 0 })).to.throw(RangeError, /maxOccurrences/);
    });
  });
});
