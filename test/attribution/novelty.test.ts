// The curator's copy check on real Solidity sources: a lightly edited copy is caught, new data is not.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { approvedIndex, COPY_COVERAGE, novelty } from "../../src/attribution/novelty";
import { normalize } from "../../src/attribution/normalize";
import { insertComments, renameAndReorder } from "../../src/attribution/disguise";
import { lightlyEdit, seededRandom } from "../../src/sim/corpus";
import { mulberry32 } from "../../src/util/random";

const OZ = path.dirname(require.resolve("@openzeppelin/contracts/package.json"));
const read = (file: string) => readFileSync(path.join(OZ, file), "utf8");

describe("novelty", function () {
  const erc20 = read("token/ERC20/ERC20.sol");
  const erc721 = read("token/ERC721/ERC721.sol");
  const index = approvedIndex([
    { id: "erc20", text: erc20 },
    { id: "erc721", text: erc721 },
  ]);

  it("flags a lightly edited copy as a copy of the file it repeats", function () {
    const copy = lightlyEdit(erc20, seededRandom("t"));
    expect(copy).to.not.equal(erc20);
    const report = novelty(index, copy);
    expect(report.coverage).to.be.greaterThan(0.9);
    expect(report.isCopy).to.equal(true);
    expect(report.overlaps[0].id).to.equal("erc20");
  });

  it("passes a file that is not in the approved data, though it shares boilerplate with it", function () {
    const report = novelty(index, read("token/ERC1155/ERC1155.sol"));
    expect(report.coverage).to.be.lessThan(COPY_COVERAGE);
    expect(report.isCopy).to.equal(false);
    expect(report.tokens).to.be.greaterThan(1000);
  });

  it("flags an exact copy with full coverage", function () {
    const report = novelty(index, erc721);
    expect(report.coverage).to.equal(1);
    expect(report.covered).to.equal(report.tokens);
  });

  it("flags a copy with a comment inserted every three lines", function () {
    const disguised = insertComments(erc20, "ERC20.sol", 3, mulberry32(1));
    const report = novelty(index, disguised);
    expect(report.rawCoverage).to.be.lessThan(report.normalizedCoverage!);
    expect(report.normalizedCoverage).to.equal(1);
    expect(report.isCopy).to.equal(true);
  });

  it("flags a copy with a tenth of its identifiers renamed and its blocks reordered", function () {
    const disguised = renameAndReorder(erc721, index.shared, 0.1, mulberry32(2));
    expect(disguised).to.not.equal(erc721);
    const report = novelty(index, disguised);
    expect(report.isCopy).to.equal(true);
    expect(report.overlaps[0].id).to.equal("erc721");
  });

  it("flags the copycat scenario's disguise (comments, renames and reordering at once), which the text as written hides", function () {
    const disguised = renameAndReorder(
      insertComments(erc20, "ERC20.sol", 3, mulberry32(3)),
      index.shared,
      0.1,
      mulberry32(4),
    );
    const report = novelty(index, disguised);
    expect(report.rawCoverage, "coverage as written").to.be.lessThan(COPY_COVERAGE);
    expect(report.isCopy).to.equal(true);
    expect(report.overlaps[0].id).to.equal("erc20");
  });

  it("normalises away comments, layout, names outside the shared vocabulary and block order", function () {
    const shared = new Set(["function", "return"]);
    const a = "function foo() {\n  return 42; // the answer\n}\n\n/* doc */\nfunction bar() {}";
    const b = "function bar() {}\n\n# note\nfunction   baz()   {\n return 7;\n}";
    expect(normalize(a, shared)).to.equal(normalize(b, shared));
    expect(normalize(a, shared)).to.not.include("foo");
  });

  it("treats an empty submission as covering nothing", function () {
    expect(novelty(index, "")).to.deep.include({ tokens: 0, covered: 0, coverage: 0, isCopy: false });
  });

  it("lets a curator set a stricter threshold", function () {
    const half = erc20.slice(0, Math.floor(erc20.length / 2)) + "\n" + read("token/ERC1155/ERC1155.sol");
    const loose = novelty(index, half);
    expect(loose.isCopy).to.equal(false);
    expect(novelty(index, half, { copyCoverage: loose.coverage / 2 }).isCopy).to.equal(true);
  });
});
