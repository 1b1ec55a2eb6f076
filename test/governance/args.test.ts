// The governance tasks' argument parsers: what each accepts, and the error naming the argument it refuses.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { parseProposalId, parseSigner, parseSupport } from "../../src/gov/args";
import { CommandError } from "../../src/cli/errors";

describe("Governance task arguments", function () {
  it("reads a proposal id in decimal, however large", function () {
    const id = (1n << 255n) + 3n;
    expect(parseProposalId(` ${id} `)).to.equal(id);
  });

  for (const bad of ["", "0x12", "-1", "1.5", "twelve"]) {
    it(`refuses ${JSON.stringify(bad)} as a proposal id`, function () {
      expect(() => parseProposalId(bad)).to.throw(CommandError, `--id: "${bad}" is not a proposal id`);
    });
  }

  it("reads for, against and abstain in any case, and refuses any other word", function () {
    expect(["For", "AGAINST", " abstain "].map((w) => parseSupport(w))).to.deep.equal(["for", "against", "abstain"]);
    expect(() => parseSupport("yes")).to.throw(CommandError, '--support: "yes" is not a vote');
  });

  it("signs as the first account by default, or as the account an index or an address names", async function () {
    const signers = await ethers.getSigners();
    expect((await parseSigner(hre, undefined)).address).to.equal(signers[0].address);
    expect((await parseSigner(hre, "2")).address).to.equal(signers[2].address);
    expect((await parseSigner(hre, signers[3].address.toLowerCase())).address).to.equal(signers[3].address);
  });

  it("refuses an index out of range, a stranger's address and a word, naming --from", async function () {
    const count = (await ethers.getSigners()).length;
    await expect(parseSigner(hre, String(count))).to.be.rejectedWith(CommandError, "--from: account index");
    const stranger = ethers.Wallet.createRandom().address;
    await expect(parseSigner(hre, stranger)).to.be.rejectedWith(CommandError, `--from: ${stranger} is not an account`);
    await expect(parseSigner(hre, "alice")).to.be.rejectedWith(CommandError, '--from: "alice" is neither');
  });
});
