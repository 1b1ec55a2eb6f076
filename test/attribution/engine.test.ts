// AttributionIndex: the scoring rule, its invariants (shares add up to 1, order does not matter) and edge cases.
import { expect } from "chai";
import fc from "fast-check";
import {
  AttributionIndex,
  Contribution,
  DEFAULT_MAX_OCCURRENCES,
  DEFAULT_MIN_SPAN_TOKENS,
} from "../../src/attribution/engine";

const L = DEFAULT_MIN_SPAN_TOKENS;
const idf = (occurrences: number, cap = DEFAULT_MAX_OCCURRENCES) => 1 - Math.log(occurrences) / Math.log(cap + 1);

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
    it("credits each span's mass times ℓ/(ℓ+L) to the contribution holding it, and leaves the rest unattributed", function () {
      const index = AttributionIndex.build([
        { id: "A", text: "a b c d e f" },
        { id: "B", text: "x y z w" },
      ]);
      // 11 tokens: a 6-token span from A, an unknown token, a 4-token span from B.
      const result = index.attribute("a b c d e f q x y z w");
      const a = (6 / 11) * (6 / (6 + L));
      const b = (4 / 11) * (4 / (4 + L));
      expect(shareOf(result, "A")).to.be.closeTo(a, 1e-15);
      expect(shareOf(result, "B")).to.be.closeTo(b, 1e-15);
      expect(result.unattributed).to.be.closeTo(1 - a - b, 1e-15);
    });

    it("splits the tokens where two spans overlap by the squares of their lengths", function () {
      const index = AttributionIndex.build([
        { id: "A", text: "a b c d e f" },
        { id: "B", text: "e f g h" },
      ]);
      const result = index.attribute("a b c d e f g h");
      // Tokens e and f are in both spans: A (ℓ = 6) takes 36/52 of each, B (ℓ = 4) takes 16/52.
      const massA = (4 + (2 * 36) / 52) / 8;
      const massB = (2 + (2 * 16) / 52) / 8;
      expect(shareOf(result, "A")).to.be.closeTo(massA * (6 / (6 + L)), 1e-15);
      expect(shareOf(result, "B")).to.be.closeTo(massB * (4 / (4 + L)), 1e-15);
    });

    it("ranks a longer exact match above a shorter one, more than in proportion to length", function () {
      const index = AttributionIndex.build([
        { id: "long", text: "the quick brown fox jumps over the lazy dog and runs far away" },
        { id: "short", text: "lorem ipsum dolor sit amet" },
      ]);
      const result = index.attribute(
        "the quick brown fox jumps over the lazy dog and runs far then lorem ipsum dolor sit amet",
      );
      expect(result.shares.map((entry) => entry.id)).to.deep.equal(["long", "short"]);
      expect(shareOf(result, "long") / shareOf(result, "short")).to.be.greaterThan(12 / 5);
    });

    it("makes a copied contribution share the credit equally, each getting less than half of what one alone would", function () {
      const original = { id: "original", text: "alpha beta gamma delta epsilon zeta eta theta" };
      const other = { id: "other", text: "nothing in common with the output at all" };
      const output = "alpha beta gamma delta epsilon zeta eta theta";
      const alone = shareOf(AttributionIndex.build([original, other]).attribute(output), "original");
      const copied = AttributionIndex.build([original, { id: "copy", text: original.text }, other]).attribute(output);
      expect(shareOf(copied, "original")).to.equal(shareOf(copied, "copy"));
      expect(shareOf(copied, "original")).to.be.closeTo((alone * idf(2)) / 2, 1e-15);
      expect(shareOf(copied, "other")).to.equal(0);
    });

    it("treats a span found at more than maxOccurrences positions as common knowledge that credits nobody", function () {
      const phrase = "pragma solidity caret zero eight twenty";
      const contributions = ["p", "q", "r", "s", "t"].map((id) => ({ id, text: `${id} says ${phrase}` }));
      const index = AttributionIndex.build(contributions);
      expect(index.attribute(phrase, { maxOccurrences: 4 })).to.deep.equal({ shares: [], unattributed: 1 });
      const atCap = index.attribute(phrase, { maxOccurrences: 5 });
      expect(atCap.shares.map((entry) => entry.id)).to.deep.equal(["p", "q", "r", "s", "t"]);
      expect(shareOf(atCap, "p")).to.be.closeTo(((6 / (6 + L)) * idf(5, 5)) / 5, 1e-15);
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

    it("scales credit by the reputation (approved + 1) / (approved + rejected + 1)", function () {
      const text = "one two three four five six";
      const shareWith = (review: Partial<Contribution>) =>
        shareOf(AttributionIndex.build([{ id: "x", text, ...review }]).attribute(text), "x");
      const unreviewed = shareWith({});
      expect(shareWith({ approved: 7 })).to.equal(unreviewed);
      expect(shareWith({ rejected: 1 })).to.equal(unreviewed / 2);
      expect(shareWith({ approved: 3, rejected: 1 })).to.be.closeTo(unreviewed * (4 / 5), 1e-15);
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
