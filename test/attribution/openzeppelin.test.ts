// The engine on a real corpus: every Solidity file of @openzeppelin/contracts is one contribution.
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { AttributionIndex, Contribution, splitAmount } from "../../src/attribution/engine";

const ROOT = path.join(__dirname, "..", "..", "node_modules", "@openzeppelin", "contracts");

function solidityFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return solidityFiles(full);
    return entry.name.endsWith(".sol") ? [full] : [];
  });
}

/** The text of `file` from the first occurrence of `from` up to (not including) `to` after it. */
function passage(file: string, from: string, to: string): string {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const start = text.indexOf(from);
  const end = text.indexOf(to, start);
  if (start < 0 || end < 0) throw new Error(`passage "${from}" not found in ${file}`);
  return text.slice(start, end);
}

describe("AttributionIndex on @openzeppelin/contracts", function () {
  let contributions: Contribution[];
  let index: AttributionIndex;

  before(function () {
    contributions = solidityFiles(ROOT).map((file) => ({
      id: path.relative(ROOT, file).split(path.sep).join("/"),
      text: fs.readFileSync(file, "utf8"),
    }));
    index = AttributionIndex.build(contributions);
  });

  it("indexes one contribution per Solidity file, hundreds of thousands of tokens", function () {
    expect(index.contributionCount).to.equal(contributions.length).and.to.be.greaterThan(200);
    expect(index.tokenCount).to.be.greaterThan(200_000);
  });

  it("credits ERC20.sol alone, and almost wholly, for its own _update function", function () {
    const update = passage("token/ERC20/ERC20.sol", "function _update(address from", "emit Transfer(from, to, value);");
    const result = index.attribute(update);
    expect(result.shares.map((entry) => entry.id)).to.deep.equal(["token/ERC20/ERC20.sol"]);
    expect(result.shares[0].share).to.be.greaterThan(0.95);
  });

  it("credits two files for an output stitched from both, the one with the longer passage first", function () {
    const ownership = passage("access/Ownable.sol", "function transferOwnership(", "_transferOwnership(newOwner);");
    const update = passage("token/ERC20/ERC20.sol", "function _update(address from", "emit Transfer(from, to, value);");
    const result = index.attribute(`${ownership}\nand then the model wrote\n${update}`);
    expect(result.shares.map((entry) => entry.id)).to.deep.equal(["token/ERC20/ERC20.sol", "access/Ownable.sol"]);
    // The three novel words and the discounts stay unattributed.
    expect(result.unattributed).to.be.greaterThan(0);
  });

  it("treats the license line every file starts with as common knowledge and credits nobody for it", function () {
    const license = passage("access/Ownable.sol", "// SPDX-License-Identifier", "\n");
    expect(contributions.filter((c) => c.text.includes(license)).length).to.be.greaterThan(100);
    expect(index.attribute(license)).to.deep.equal({ shares: [], unattributed: 1 });
  });

  it("gives the same result when the files come in reverse order", function () {
    const output = passage("token/ERC721/ERC721.sol", "function _safeTransfer(", "function _approve(");
    const result = index.attribute(output);
    expect(result.shares).to.not.be.empty;
    expect(AttributionIndex.build([...contributions].reverse()).attribute(output)).to.deep.equal(result);
  });

  it("pays a fee in wei by the shares and returns the unattributed part, to the wei", function () {
    const ownership = passage("access/Ownable.sol", "function transferOwnership(", "_transferOwnership(newOwner);");
    const fee = 10n ** 18n;
    const { amounts, remainder } = splitAmount(fee, index.attribute(ownership).shares);
    expect([...amounts.values()].reduce((a, b) => a + b, 0n) + remainder).to.equal(fee);
    expect(amounts.get("access/Ownable.sol")! > remainder).to.equal(true);
  });
});
