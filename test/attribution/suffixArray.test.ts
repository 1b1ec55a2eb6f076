// Suffix array, LCP array and LCP intervals, pinned against brute-force sorting and scanning.
import { expect } from "chai";
import fc from "fast-check";
import { buildTokenCorpus, inverseSuffixArray, lcpArray, suffixArray } from "../../src/attribution/suffixArray";
import { bruteSuffixArray, commonPrefix } from "./reference";

/** Random token sequences over a small alphabet, so that repeats (the hard case) are common. */
const smallCorpus = fc
  .integer({ min: 1, max: 4 })
  .chain((alphabet) =>
    fc.tuple(
      fc.constant(alphabet),
      fc.array(fc.array(fc.integer({ min: 0, max: alphabet - 1 }), { maxLength: 30 }), { maxLength: 6 }),
    ),
  );

describe("suffixArray", function () {
  it("sorts the suffixes exactly as a brute-force sort does, on random strings over small alphabets", function () {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 0, max: 3 })
          .chain((upper) =>
            fc.tuple(fc.constant(upper), fc.array(fc.integer({ min: 0, max: upper }), { maxLength: 300 })),
          ),
        ([upper, symbols]) => {
          expect(Array.from(suffixArray(Int32Array.from(symbols), upper))).to.deep.equal(bruteSuffixArray(symbols));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("sorts periodic strings, where suffixes share long prefixes, as a brute-force sort does", function () {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 60 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { maxLength: 3 }),
        (period, repeats, tail) => {
          const symbols = [...Array.from({ length: repeats }, () => period).flat(), ...tail];
          expect(Array.from(suffixArray(Int32Array.from(symbols), 2))).to.deep.equal(bruteSuffixArray(symbols));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("sorts a million copies of one token, the worst case for comparison sorts, from the end backwards", function () {
    const n = 1_000_000;
    const sa = suffixArray(new Int32Array(n), 0);
    for (let r = 0; r < n; r += 9973) expect(sa[r]).to.equal(n - 1 - r);
    const lcp = lcpArray(new Int32Array(n), sa, inverseSuffixArray(sa));
    expect(lcp[n - 1]).to.equal(n - 1);
  });
});

describe("buildTokenCorpus", function () {
  it("lays out each contribution followed by its own separator, and maps positions to contributions", function () {
    const corpus = buildTokenCorpus([Int32Array.of(0, 1), Int32Array.of(), Int32Array.of(1)], 2);
    // Separators are 0, 1, 2; token t is t + 3.
    expect(Array.from(corpus.text)).to.deep.equal([3, 4, 0, 1, 4, 2]);
    expect(Array.from(corpus.contributionOf)).to.deep.equal([0, 0, 0, 1, 2, 2]);
  });

  it("agrees with brute force on SA, ranks, LCP, token buckets and LCP intervals", function () {
    fc.assert(
      fc.property(
        smallCorpus,
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 6 }),
        ([alphabet, docs], pick, depth) => {
          const corpus = buildTokenCorpus(
            docs.map((doc) => Int32Array.from(doc)),
            alphabet,
          );
          const text = Array.from(corpus.text);
          const sa = bruteSuffixArray(text);
          expect(Array.from(corpus.sa)).to.deep.equal(sa);
          const rankOf = new Array<number>(text.length);
          sa.forEach((position, rank) => (rankOf[position] = rank));
          expect(Array.from(corpus.rank)).to.deep.equal(rankOf);
          expect(Array.from(corpus.lcp)).to.deep.equal(
            sa.map((position, rank) => (rank === 0 ? 0 : commonPrefix(text, sa[rank - 1], position))),
          );
          // Bucket t starts at the first rank whose suffix begins with token t (symbol t + contributions).
          const tokenStart = Array.from({ length: alphabet + 1 }, (_, t) => {
            const first = sa.findIndex((position) => text[position] >= t + docs.length);
            return first === -1 ? text.length : first;
          });
          expect(Array.from(corpus.tokenStart)).to.deep.equal(tokenStart);
          if (text.length === 0) return;
          const rank = pick % text.length;
          const shares = (r: number) => commonPrefix(text, sa[r], sa[rank]) >= depth;
          let start = rank;
          while (start > 0 && shares(start - 1)) start--;
          let end = rank + 1;
          while (end < text.length && shares(end)) end++;
          if (commonPrefix(text, sa[rank], sa[rank]) < depth) return; // the suffix itself is shorter than depth
          expect([corpus.intervals.start(rank, depth), corpus.intervals.end(rank, depth)]).to.deep.equal([start, end]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("finds LCP intervals that span many 32-rank blocks", function () {
    // 2,000 copies of "0 1" in one contribution: deep, wide intervals cross the block structure.
    const tokens = Int32Array.from({ length: 4_000 }, (_, k) => k % 2);
    const corpus = buildTokenCorpus([tokens], 2);
    const text = Array.from(corpus.text);
    for (const depth of [1, 2, 3, 64, 1000, 3999]) {
      for (const rank of [1, 40, 1000, 2000, 3333, 4_000]) {
        const within = (r: number) => commonPrefix(text, corpus.sa[r], corpus.sa[rank]) >= depth;
        if (!within(rank)) continue;
        let start = rank;
        while (start > 0 && within(start - 1)) start--;
        let end = rank + 1;
        while (end < text.length && within(end)) end++;
        expect([corpus.intervals.start(rank, depth), corpus.intervals.end(rank, depth)]).to.deep.equal([start, end]);
      }
    }
  });

  it("builds an empty corpus from no contributions", function () {
    const corpus = buildTokenCorpus([], 0);
    expect(corpus.text.length).to.equal(0);
    expect(corpus.sa.length).to.equal(0);
  });
});
