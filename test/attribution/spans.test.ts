// Span matching: matching statistics and maximal spans, pinned against a brute-force search.
import { expect } from "chai";
import fc from "fast-check";
import { matchingStatistics, maximalSpans } from "../../src/attribution/spans";
import { buildTokenCorpus, TokenCorpus } from "../../src/attribution/suffixArray";
import { UNKNOWN_TOKEN } from "../../src/attribution/tokenize";
import { bruteMatchLengths, bruteMaximalSpans, occurrences } from "./reference";

function corpusOf(contributions: number[][], alphabet: number): TokenCorpus {
  return buildTokenCorpus(
    contributions.map((tokens) => Int32Array.from(tokens)),
    alphabet,
  );
}

/** Where contribution c, offset k lands in the concatenated text (each contribution is followed by a separator). */
function globalPosition(contributions: number[][], c: number, offset: number): number {
  let position = offset;
  for (let k = 0; k < c; k++) position += contributions[k].length + 1;
  return position;
}

const scenario = fc.integer({ min: 1, max: 3 }).chain((alphabet) =>
  fc.record({
    alphabet: fc.constant(alphabet),
    contributions: fc.array(fc.array(fc.integer({ min: 0, max: alphabet - 1 }), { maxLength: 25 }), { maxLength: 5 }),
    // Output tokens may also be unknown to the corpus (UNKNOWN_TOKEN) or known to the vocabulary but absent (= alphabet).
    output: fc.array(fc.integer({ min: UNKNOWN_TOKEN, max: alphabet }), { maxLength: 30 }),
    minSpan: fc.integer({ min: 1, max: 4 }),
  }),
);

describe("matchingStatistics", function () {
  it("gives at each output position the longest run that occurs inside one contribution", function () {
    fc.assert(
      fc.property(scenario, ({ alphabet, contributions, output }) => {
        const corpus = corpusOf(contributions, alphabet + 1);
        const { length } = matchingStatistics(corpus, Int32Array.from(output));
        expect(Array.from(length)).to.deep.equal(bruteMatchLengths(contributions, output));
      }),
      { numRuns: 500 },
    );
  });
});

describe("maximalSpans", function () {
  it("finds exactly the maximal spans, each with the SA range of all its occurrences", function () {
    fc.assert(
      fc.property(scenario, ({ alphabet, contributions, output, minSpan }) => {
        const corpus = corpusOf(contributions, alphabet + 1);
        const spans = maximalSpans(corpus, Int32Array.from(output), minSpan);
        expect(spans.map(({ start, end }) => ({ start, end }))).to.deep.equal(
          bruteMaximalSpans(contributions, output, minSpan),
        );
        for (const span of spans) {
          const found = Array.from(corpus.sa.subarray(span.saStart, span.saEnd)).sort((a, b) => a - b);
          const expected = occurrences(contributions, output.slice(span.start, span.end))
            .map(([c, offset]) => globalPosition(contributions, c, offset))
            .sort((a, b) => a - b);
          expect(found).to.deep.equal(expected);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("never lets a span run across the end of one contribution into the next", function () {
    // "a b c" and "d e f": the output "b c d e" is two spans, not one.
    const corpus = corpusOf(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      6,
    );
    const spans = maximalSpans(corpus, Int32Array.of(1, 2, 3, 4), 1);
    expect(spans.map(({ start, end }) => [start, end])).to.deep.equal([
      [0, 2],
      [2, 4],
    ]);
  });

  it("drops maximal spans shorter than minSpanTokens but keeps longer ones", function () {
    const corpus = corpusOf([[0, 1, 2, 3, 4, 5, 6]], 8);
    const output = Int32Array.of(0, 1, 7, 2, 3, 4, 5);
    expect(maximalSpans(corpus, output, 3).map(({ start, end }) => [start, end])).to.deep.equal([[3, 7]]);
    expect(maximalSpans(corpus, output, 2).map(({ start, end }) => [start, end])).to.deep.equal([
      [0, 2],
      [3, 7],
    ]);
  });

  it("finds nothing in an empty corpus or for an empty output", function () {
    expect(maximalSpans(corpusOf([], 0), Int32Array.of(UNKNOWN_TOKEN, UNKNOWN_TOKEN), 1)).to.deep.equal([]);
    expect(maximalSpans(corpusOf([[0, 1]], 2), Int32Array.of(), 1)).to.deep.equal([]);
  });
});
