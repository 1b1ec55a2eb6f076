// AttributionRewards: gas bounds of payments and claims.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AGENT, Entitlements, MODEL, deployRewards, inferenceId, postAndAccept } from "../helpers/rewards";
import { expectSolvent } from "../helpers/rewardsLedger";
import { isCoverageRun } from "../../src/chain/config";
import { PRICE } from "./fixtures";

describe("AttributionRewards", function () {
  describe("gas", function () {
    const report = (label: string, gas: bigint) => {
      if (process.env.REPORT_GAS === "1") console.log(`      gas: ${label}: ${gas}`);
    };
    // Coverage instruments the bytecode, which inflates gas: budgets hold for the real build only.
    const instrumented = isCoverageRun(hre);
    const expectBelow = (gas: bigint, limit: bigint) => {
      if (!instrumented) expect(gas).to.be.lessThan(limit);
    };

    async function gasOfPayment(lineageLength: number): Promise<{ first: bigint; next: bigint }> {
      const { rewards, models, payer } = await loadFixture(deployRewards);
      const lineage = Array.from({ length: lineageLength }, (_, i) => ({
        datanetId: BigInt(i + 1),
        version: 1,
        weightBps: i === 0 ? 10_000 - 625 * (lineageLength - 1) : 625,
      }));
      await models.setLineage(MODEL, lineage);
      const pay = async () =>
        (await (await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE)).wait())!.gasUsed;
      return { first: await pay(), next: await pay() };
    }

    // The budget covers the exact-amount check of the pull (two balance reads) and the base-royalty read.
    it("pays through an agent for a model with one lineage entry in under 160k gas", async function () {
      const { first, next } = await gasOfPayment(1);
      report("payInference via agent, lineage of 1 (first, cold storage)", first);
      report("payInference via agent, lineage of 1 (steady)", next);
      expectBelow(next, 160_000n);
    });

    it("pays through an agent for a model with sixteen lineage entries, costing only per entry", async function () {
      const one = await gasOfPayment(1);
      const sixteen = await gasOfPayment(16);
      report("payInference via agent, lineage of 16 (first)", sixteen.first);
      report("payInference via agent, lineage of 16 (steady)", sixteen.next);
      // Fifteen more pools cost a bounded amount each (a cold registry read and a storage write).
      expectBelow(sixteen.next - one.next, 15n * 12_000n);
      expectBelow(sixteen.first, 750_000n);
    });

    it("claims against a tree of 100,000 leaves in under 150k gas, new storage included", async function () {
      const { rewards, token, attributor, payer, alice } = await loadFixture(deployRewards);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const entries: [string, bigint][] = [];
      for (let i = 1; i < 100_000; i++) entries.push([ethers.toBeHex(i, 20), BigInt(i)]);
      entries.push([alice.address, ethers.parseEther("1")]);
      const started = Date.now();
      const tree = new Entitlements(entries);
      report(`building the 100,000-leaf tree (ms, not gas)`, BigInt(Date.now() - started));
      expect(tree.proofOf(alice.address)).to.have.lengthOf(17);
      await postAndAccept(rewards, attributor, tree);
      await rewards.acceptRoot();

      // The first claim of all also writes the contract's first totalClaimed.
      const first = (await (await rewards.claim(...tree.claimOf(alice.address))).wait())!.gasUsed;
      report("claim, 100,000-leaf tree (first claim of all)", first);
      expect(await token.balanceOf(alice.address)).to.equal(ethers.parseEther("1"));
      // A contributor deep in the tree, claimed for by someone else.
      const [account, amount, proof] = tree.claimOf(ethers.toBeHex(77_777, 20));
      const tx = await rewards.claim(account, amount, proof);
      await expect(tx).to.emit(rewards, "Claimed").withArgs(1n, account, 77_777n, 77_777n);
      const next = (await tx.wait())!.gasUsed;
      report("claim, 100,000-leaf tree (a later claim)", next);
      expectBelow(first, 150_000n);
      expect(next).to.be.lessThan(first);
      await expectSolvent(rewards, token);
    });
  });
});
