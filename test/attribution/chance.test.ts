// The chance model and first-author provenance over a corpus: pinned to brute force on small random corpora.
import { expect } from "chai";
import fc from "fast-check";
import { chanceThreshold, crossMatchLengths } from "../../src/attribution/chance";
import { firstAuthors } from "../../src/attribution/provenance";
import { buildTokenCorpus } from "../../src/attribution/suffixArray";
import { occurrences } from "./reference";

const corpora = fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 20 }), { minLength: 1, maxLength: 5 });

/** Text position → (contribution, offset), for corpora built from `sequences`. */
function positions(sequences: number[][]): [number, number][] {
  return sequences.flatMap((tokens, c) => [...tokens.map((_, k) => [c, k] as [number, number]), [c, -1]]);
}

describe("chance model", function () {
  it("measures at each position the longest run that also starts in another contribution", function () {
    fc.assert(
      fc.property(corpora, (sequences) => {
        const corpus = buildTokenCorpus(
          sequences.map((s) => Int32Array.from(s)),
          4,
        );
        const lengths = crossMatchLengths(corpus);
        positions(sequences).forEach(([c, k], p) => {
          if (k < 0) return; // a separator
          const tokens = sequences[c];
          let expected = 0;
          while (
            k + expected < tokens.length &&
            occurrences(
              sequences.map((other, d) => (d === c ? [] : other)),
              tokens.slice(k, k + expected + 1),
            ).length > 0
          ) {
            expected++;
          }
          expect(lengths[p], `position ${p}`).to.equal(expected);
        });
      }),
      { numRuns: 200 },
    );
  });

  it("needs no more than the seed length where nothing matches across contributions", function () {
    const corpus = buildTokenCorpus([Int32Array.of(0, 1, 2, 3), Int32Array.of(4, 5, 6)], 7);
    expect(chanceThreshold(corpus, { minSpanTokens: 4 })).to.equal(4);
  });

  it("rejects a chance rate outside (0, 1)", function () {
    const corpus = buildTokenCorpus([Int32Array.of(0, 1)], 2);
    expect(() => chanceThreshold(corpus, { minSpanTokens: 4, rate: 0 })).to.throw(RangeError, /chance rate/);
    expect(() => chanceThreshold(corpus, { minSpanTokens: 4, rate: 1 })).to.throw(RangeError, /chance rate/);
  });
});

describe("firstAuthors", function () {
  it("gives every token of a window that an earlier contribution also holds to the earlier one", function () {
    // Contribution 1 (approved second) repeats tokens 10..15 of contribution 0 and adds its own.
    const corpus = buildTokenCorpus(
      [Int32Array.of(10, 11, 12, 13, 14, 15), Int32Array.of(1, 10, 11, 12, 13, 14, 15, 2)],
      16,
    );
    const owners = firstAuthors(corpus, Int32Array.of(0, 1), 4, 100);
    // Text: 0's six tokens and separator, then 1's eight tokens and separator.
    expect(Array.from(owners)).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1]);
    // Approved the other way round, contribution 1 is the first author of the shared run.
    const swapped = firstAuthors(corpus, Int32Array.of(1, 0), 4, 100);
    expect(Array.from(swapped)).to.deep.equal([1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it("leaves a window that is common knowledge, or shorter than the window, with each holder", function () {
    const corpus = buildTokenCorpus([Int32Array.of(5, 6, 7), Int32Array.of(5, 6, 7)], 8);
    const contributionOf = Array.from(corpus.contributionOf);
    expect(Array.from(firstAuthors(corpus, Int32Array.of(0, 1), 4, 100))).to.deep.equal(contributionOf);
    expect(Array.from(firstAuthors(corpus, Int32Array.of(0, 1), 3, 1))).to.deep.equal(contributionOf);
    expect(Array.from(firstAuthors(corpus, Int32Array.of(0, 1), 3, 2))).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 1]);
  });
});
