// The governance tasks' argument parsers: what each accepts, and the error naming the argument it refuses.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import { parseProposalId, parseSupport } from "../../src/gov/args";
import { CommandError } from "../../src/cli/errors";

/** A well-formed private key, which --from must refuse on the command line. */
const RAW_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

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

  for (const name of ["gov:propose", "gov:vote", "gov:queue", "gov:execute"]) {
    it(`${name} takes the --from every task takes, refusing a raw key before it connects or sends`, async function () {
      const [first] = await ethers.getSigners();
      const nonce = await first.getNonce();
      const args = { id: "1", support: "for", actions: "none.json", description: "d", from: RAW_KEY };
      await expect(hre.run(name, args)).to.be.rejectedWith(
        HardhatPluginError,
        "--from: a private key on the command line",
      );
      expect(await first.getNonce(), "no transaction was sent").to.equal(nonce);
    });
  }

  it("gov:vote refuses a bad vote before it resolves --from or connects", async function () {
    await expect(hre.run("gov:vote", { id: "1", support: "yes", from: RAW_KEY })).to.be.rejectedWith(
      HardhatPluginError,
      '--support: "yes" is not a vote',
    );
  });
});
