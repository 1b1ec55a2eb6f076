// Evidence regions: seeds extended across edits, chained per contribution, and tokens given to the first author.
import { expect } from "chai";
import { assignTokens, chainMatched, commonHolders, findRegions, Region } from "../../src/attribution/evidence";
import { buildTokenCorpus } from "../../src/attribution/suffixArray";

const options = { minSpanTokens: 4, maxOccurrences: 100 };

describe("evidence", function () {
  // Contribution 0: tokens 0..19; contribution 1: tokens 20..29.
  const source = Int32Array.from({ length: 20 }, (_, k) => k);
  const corpus = buildTokenCorpus([source, Int32Array.from({ length: 10 }, (_, k) => 20 + k)], 30);

  it("extends a seed across replaced tokens into one region, and stops where the copy ends", function () {
    // The source with tokens 6 and 12 replaced by unknown ones, then four tokens that are not a copy.
    const output = Int32Array.from(
      [...source.slice(0, 16)].map((t) => (t === 6 || t === 12 ? -1 : t)).concat([-1, -1, -1, -1]),
    );
    const regions = findRegions(corpus, output, options);
    expect(regions).to.have.length(1);
    expect(regions[0]).to.deep.include({ contribution: 0, start: 0, end: 16, matched: 14 });
  });

  it("chains the regions of one contribution a few tokens apart on nearby diagonals, and no others", function () {
    const region = (contribution: number, diagonal: number, start: number, end: number): Region => ({
      contribution,
      diagonal,
      start,
      end,
      matched: end - start,
    });
    const regions = [region(0, 0, 0, 5), region(1, 40, 3, 9), region(0, 2, 8, 14), region(0, 50, 16, 20)];
    expect(Array.from(chainMatched(regions, 4))).to.deep.equal([11, 6, 11, 4]);
  });

  it("gives a token held exactly over one held edited, then to the earliest priority", function () {
    const text = corpus.text;
    const output = Int32Array.from([0, 1, 2, 3]);
    const exactLater: Region = { contribution: 1, diagonal: 0, start: 0, end: 4, matched: 4 };
    const exactEarlier: Region = { contribution: 0, diagonal: 0, start: 0, end: 4, matched: 4 };
    // Contribution 1 does not hold 0..3 at diagonal 21 (its tokens are 20..29): every token there is edited.
    const editedLater: Region = { contribution: 1, diagonal: 21, start: 0, end: 4, matched: 0 };
    const owners = (regions: Region[], priority: number[]) =>
      Array.from(assignTokens(regions, output, text, corpus.contributions, Int32Array.from(priority)));
    expect(owners([exactEarlier, editedLater], [1, 0])).to.deep.equal([0, 0, 0, 0]);
    expect(owners([exactEarlier, exactLater], [0, 1])).to.deep.equal([0, 0, 0, 0]);
    expect(owners([exactEarlier, exactLater], [1, 0])).to.deep.equal([1, 1, 1, 1]);
  });

  it("treats a span held by the square root of the contributions, and at least three, as common knowledge", function () {
    expect([2, 9, 10, 100, 101].map(commonHolders)).to.deep.equal([3, 3, 4, 10, 11]);
    const shared = Int32Array.of(1, 2, 3, 4, 5);
    const many = buildTokenCorpus([shared, shared, shared], 6);
    expect(findRegions(many, shared, options)).to.deep.equal([]);
    const two = buildTokenCorpus([shared, shared], 6);
    expect(findRegions(two, shared, options).map((r) => r.contribution)).to.deep.equal([0, 1]);
  });
});
