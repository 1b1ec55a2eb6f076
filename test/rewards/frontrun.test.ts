// AttributionRewards against front-runners, raced as an adversary would: automine off, the attacker's transaction
// sent after the victim's with a higher priority fee, both mined in one block.
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, mine } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { AGENT, Entitlements, MODEL, inferenceId, postAndAccept } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { deployFunded, PRICE } from "./fixtures";

const SQUAT_MODEL = 7n;
const GWEI = 10n ** 9n;
const victimFee = { maxPriorityFeePerGas: 1n * GWEI, maxFeePerGas: 100n * GWEI };
const attackerFee = { maxPriorityFeePerGas: 50n * GWEI, maxFeePerGas: 100n * GWEI };

/** Sends `victim` and then `attacker` into the mempool and mines them in one block; returns both receipts in order. */
async function race(
  victim: () => Promise<ContractTransactionResponse>,
  attacker: () => Promise<ContractTransactionResponse>,
) {
  await network.provider.send("evm_setAutomine", [false]);
  try {
    const victimTx = await victim();
    const attackerTx = await attacker();
    await mine();
    const [victimReceipt, attackerReceipt] = await Promise.all([
      ethers.provider.getTransactionReceipt(victimTx.hash),
      ethers.provider.getTransactionReceipt(attackerTx.hash),
    ]);
    return { victim: victimReceipt!, attacker: attackerReceipt! };
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
}

describe("AttributionRewards", function () {
  describe("against front-runners", function () {
    async function squatFixture() {
      const ctx = await deployFunded();
      const { models, token, payer, stranger, rewards } = ctx;
      // The squatter's own one-wei model, paid for with its own OPEN.
      await models.setModel(SQUAT_MODEL, stranger.address, 1n, true);
      await token.connect(payer).transfer(stranger.address, 10n);
      await token.connect(stranger).approve(rewards, ethers.MaxUint256);
      return ctx;
    }

    /** What the victim's payment gives every party it pays: the same with or without a squatter. */
    async function victimSide(ctx: Awaited<ReturnType<typeof squatFixture>>, id: string) {
      const { rewards, token, payer, treasury, modelOwner, agentOwner } = ctx;
      return {
        ...(await ledger(rewards, token, [payer, treasury, modelOwner, agentOwner])),
        // The squatter's wei is not the victim's business: only the victim's parties and pools are compared.
        contractBalance: undefined,
        totalAccrued: undefined,
        paid: await rewards.isInferencePaid(payer.address, MODEL, AGENT, id),
        pools: [await rewards.poolFunded(1n, 1), await rewards.poolFunded(2n, 3)],
      };
    }

    it("lets a victim pay its inference id although a squatter paid the same id first on its one-wei model", async function () {
      const id = inferenceId();
      const honest = await loadFixture(squatFixture);
      await honest.rewards.connect(honest.payer).payInference(id, MODEL, AGENT, PRICE);
      const withoutSquatter = await victimSide(honest, id);

      const ctx = await loadFixture(squatFixture);
      const { rewards, token, payer, stranger } = ctx;
      const receipts = await race(
        () => rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE, { ...victimFee, gasLimit: 500_000n }),
        () => rewards.connect(stranger).payInference(id, SQUAT_MODEL, 0n, 1n, { ...attackerFee, gasLimit: 500_000n }),
      );
      // The squatter was mined first, and the victim's payment still went through.
      expect(receipts.attacker.blockNumber).to.equal(receipts.victim.blockNumber);
      expect(receipts.attacker.index).to.be.lessThan(receipts.victim.index);
      expect(receipts.victim.status).to.equal(1);
      expect(await victimSide(ctx, id)).to.deep.equal(withoutSquatter);
      // The squatter holds a payment of its own, which blocks only itself.
      expect(await rewards.isInferencePaid(stranger.address, SQUAT_MODEL, 0n, id)).to.equal(true);
      await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE))
        .to.be.revertedWithCustomError(rewards, "InferenceAlreadyPaid")
        .withArgs(payer.address, MODEL, AGENT, id);
      await expectSolvent(rewards, token);
    });

    async function batchFixture() {
      const ctx = await deployFunded();
      const accounts = Array.from({ length: 200 }, () => ethers.Wallet.createRandom().address);
      const tree = new Entitlements(accounts.map((account, i) => [account, BigInt(i + 1)] as const));
      await postAndAccept(ctx.rewards, ctx.attributor, tree);
      return { ...ctx, accounts, tree };
    }

    it("pays a 200-claim batch although a griefer front-ran one of its claims and the batch repeats an entry", async function () {
      const { rewards, token, stranger, accounts, tree } = await loadFixture(batchFixture);
      const entry = (account: string) => {
        const [, cumulativeAmount, proof] = tree.claimOf(account);
        return { account, cumulativeAmount, proof };
      };
      // 199 accounts and, by mistake, the first one twice.
      const claims = [...accounts.slice(0, 199).map(entry), entry(accounts[0])];
      const victim = accounts[57];
      const receipts = await race(
        () => rewards.claimMany(claims, { ...victimFee, gasLimit: 25_000_000n }),
        () => rewards.connect(stranger).claim(...tree.claimOf(victim), { ...attackerFee, gasLimit: 500_000n }),
      );
      expect(receipts.attacker.index).to.be.lessThan(receipts.victim.index);
      expect(receipts.victim.status).to.equal(1);
      const skipped = receipts.victim.logs
        .map((log) => rewards.interface.parseLog(log))
        .filter((log) => log?.name === "ClaimSkipped")
        .map((log) => log!.args.account);
      expect(skipped).to.deep.equal([victim, accounts[0]]);
      // Every account of the batch holds exactly its entitlement; the griefer gained nothing.
      for (const account of accounts.slice(0, 199)) {
        expect(await token.balanceOf(account)).to.equal(tree.amountOf(account));
      }
      expect(await token.balanceOf(stranger.address)).to.equal(0n);
      expect(await rewards.totalClaimed()).to.equal(tree.total - 200n);
      await expectSolvent(rewards, token);
    });
  });
});
