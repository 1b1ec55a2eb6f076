// Paying by voucher: credit deposits, batches that pay each valid voucher exactly as a single payment and skip each
// invalid one with its reason, and credit withdrawals that wait out their delay.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { isCoverageRun } from "../../src/chain/config";
import { signPermit } from "../../src/chain/permit";
import { SKIP_REASONS, VOUCHER_TYPES, payBatch, type SkipReason } from "../../src/ops/vouchers";
import { expectUnchanged } from "../helpers/snapshot";
import { AGENT, BARE_MODEL, MODEL, MODEL_FEE, deployRewards } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { splitTuple, expectedSplit } from "../helpers/split";
import { signed, voucherState } from "../helpers/vouchers";
import { PRICE } from "./fixtures";

const CREDIT = PRICE * 5n;

/** The suite with a payer holding five inferences' worth of credit, and an operator who submits batches. */
async function deployWithCredit() {
  const ctx = await deployRewards();
  await ctx.rewards.connect(ctx.payer).depositCredit(CREDIT);
  return { ...ctx, operator: ctx.stranger };
}

function reasonOf(name: SkipReason): number {
  return SKIP_REASONS.indexOf(name);
}

describe("AttributionRewards: vouchers", function () {
  describe("credit", function () {
    it("books a deposit as the payer's credit and as owed, so that sweep cannot take it", async function () {
      const { rewards, token, payer, admin } = await loadFixture(deployRewards);
      await expect(rewards.connect(payer).depositCredit(CREDIT))
        .to.emit(rewards, "CreditDeposited")
        .withArgs(payer.address, CREDIT, CREDIT);
      expect(await rewards.creditOf(payer)).to.equal(CREDIT);
      expect(await rewards.totalCredit()).to.equal(CREDIT);
      expect(await rewards.totalOwed()).to.equal(CREDIT);
      await expectSolvent(rewards, token);
      await expect(rewards.connect(admin).sweep()).to.be.revertedWithCustomError(rewards, "NothingToSweep");
    });

    it("takes a deposit with a permit in one transaction", async function () {
      const { rewards, token, payer } = await loadFixture(deployRewards);
      await token.connect(payer).approve(rewards, 0n);
      const permit = await signPermit(token, payer, await rewards.getAddress(), CREDIT);
      await rewards.connect(payer).depositCreditWithPermit(CREDIT, { value: CREDIT, ...permit });
      expect(await rewards.creditOf(payer)).to.equal(CREDIT);
      await expectSolvent(rewards, token);
    });

    it("refuses a zero deposit, and changes nothing", async function () {
      const { rewards, token, payer } = await loadFixture(deployRewards);
      await expectUnchanged(
        () => ledger(rewards, token, [payer]),
        () =>
          expect(rewards.connect(payer).depositCredit(0n)).to.be.revertedWithCustomError(rewards, "ZeroCreditAmount"),
      );
    });

    it("refuses a withdrawal before its delay, and changes nothing", async function () {
      const { rewards, token, payer } = await loadFixture(deployWithCredit);
      await rewards.connect(payer).requestCreditWithdrawal(CREDIT);
      const { readyAt } = await rewards.creditWithdrawalOf(payer);
      expect(readyAt).to.equal(BigInt(await time.latest()) + (await rewards.CREDIT_WITHDRAWAL_DELAY()));
      await time.setNextBlockTimestamp(readyAt - 1n);
      await expectUnchanged(
        () => ledger(rewards, token, [payer]),
        () =>
          expect(rewards.connect(payer).withdrawCredit(payer.address))
            .to.be.revertedWithCustomError(rewards, "CreditWithdrawalNotReady")
            .withArgs(payer.address, readyAt),
      );
    });

    it("refuses a withdrawal never requested, a request above the credit, and a zero request, changing nothing", async function () {
      const { rewards, token, payer } = await loadFixture(deployWithCredit);
      const read = () => ledger(rewards, token, [payer]);
      await expectUnchanged(read, () =>
        expect(rewards.connect(payer).withdrawCredit(payer.address))
          .to.be.revertedWithCustomError(rewards, "NoCreditWithdrawal")
          .withArgs(payer.address),
      );
      await expectUnchanged(read, () =>
        expect(rewards.connect(payer).requestCreditWithdrawal(CREDIT + 1n))
          .to.be.revertedWithCustomError(rewards, "CreditTooLow")
          .withArgs(payer.address, CREDIT, CREDIT + 1n),
      );
      await expectUnchanged(read, () =>
        expect(rewards.connect(payer).requestCreditWithdrawal(0n)).to.be.revertedWithCustomError(
          rewards,
          "ZeroCreditAmount",
        ),
      );
    });

    it("refuses a withdrawal to nobody or to the contract itself, changing nothing", async function () {
      const { rewards, token, payer } = await loadFixture(deployWithCredit);
      await rewards.connect(payer).requestCreditWithdrawal(CREDIT);
      await time.increase(await rewards.CREDIT_WITHDRAWAL_DELAY());
      const self = await rewards.getAddress();
      const read = () => ledger(rewards, token, [payer]);
      await expectUnchanged(read, () =>
        expect(rewards.connect(payer).withdrawCredit(ethers.ZeroAddress)).to.be.revertedWithCustomError(
          rewards,
          "ZeroAddress",
        ),
      );
      await expectUnchanged(read, () =>
        expect(rewards.connect(payer).withdrawCredit(rewards))
          .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
          .withArgs(self),
      );
    });

    it("keeps requested credit spendable until the delay ends, then pays out only what is left", async function () {
      const { rewards, token, payer, operator, alice } = await loadFixture(deployWithCredit);
      await rewards.connect(payer).requestCreditWithdrawal(CREDIT);
      await payBatch(rewards, operator, [await signed(rewards, payer), await signed(rewards, payer)]);
      await time.increase(await rewards.CREDIT_WITHDRAWAL_DELAY());
      const left = CREDIT - 2n * PRICE;
      await expect(rewards.connect(payer).withdrawCredit(alice.address))
        .to.emit(rewards, "CreditWithdrawn")
        .withArgs(payer.address, alice.address, left);
      expect(await token.balanceOf(alice)).to.equal(left);
      expect(await rewards.creditOf(payer)).to.equal(0n);
      expect((await rewards.creditWithdrawalOf(payer)).readyAt).to.equal(0n);
      await expectSolvent(rewards, token);
    });
  });

  describe("paying a batch", function () {
    it("pays a voucher from credit exactly as a single payment, with the same receipt", async function () {
      const { rewards, token, payer, operator, treasury, modelOwner, agentOwner } = await loadFixture(deployWithCredit);
      const voucher = await signed(rewards, payer);
      const { inferenceId, nonce } = voucher.voucher;
      await expect(rewards.connect(operator).payBatch([voucher]))
        .to.emit(rewards, "InferencePaid")
        .withArgs(
          inferenceId,
          payer.address,
          MODEL,
          AGENT,
          modelOwner.address,
          agentOwner.address,
          ethers.ZeroAddress,
          PRICE,
          splitTuple(expectedSplit(PRICE)),
        );
      const split = expectedSplit(PRICE);
      expect(await rewards.accrued(treasury)).to.equal(split.protocolAmount);
      expect(await rewards.accrued(agentOwner)).to.equal(split.agentOwnerAmount);
      expect(await rewards.accrued(modelOwner)).to.equal(split.modelOwnerAmount);
      expect(await rewards.totalDataPoolFunded()).to.equal(split.dataPoolAmount);
      expect(await rewards.creditOf(payer)).to.equal(CREDIT - PRICE);
      expect(await rewards.isInferencePaid(payer, MODEL, AGENT, inferenceId)).to.equal(true);
      expect(await rewards.isNonceUsed(payer, nonce)).to.equal(true);
      await expectSolvent(rewards, token);
    });

    it("signs over the digest voucherDigest gives, and marks a paid voucher's nonce in its payer's bitmap word", async function () {
      const { rewards, payer, operator } = await loadFixture(deployWithCredit);
      const { voucher, signature } = await signed(rewards, payer, { nonce: 256n * 3n + 5n });
      const { name, version, chainId, verifyingContract } = await rewards.eip712Domain();
      const domain = { name, version, chainId, verifyingContract };
      expect(await rewards.voucherDigest(voucher)).to.equal(
        ethers.TypedDataEncoder.hash(domain, VOUCHER_TYPES, voucher),
      );
      expect(await rewards.nonceBitmap(payer, 3n)).to.equal(0n);
      await rewards.connect(operator).payBatch([{ voucher, signature }]);
      expect([await rewards.nonceBitmap(payer, 3n), await rewards.nonceBitmap(payer, 0n)]).to.deep.equal([
        1n << 5n,
        0n,
      ]);
      expect(await rewards.isNonceUsed(payer, 256n * 3n + 5n)).to.equal(true);
    });

    it("returns how many vouchers it paid and skipped", async function () {
      const { rewards, payer, operator } = await loadFixture(deployWithCredit);
      const good = await signed(rewards, payer);
      const late = await signed(rewards, payer, { deadline: 1n });
      const [paid, skipped] = await rewards.connect(operator).payBatch.staticCall([good, late, good]);
      expect([paid, skipped]).to.deep.equal([1n, 2n]);
    });

    it("pays vouchers of several models and agents in one batch, each at its own price", async function () {
      const { rewards, payer, operator } = await loadFixture(deployWithCredit);
      const batch = [
        await signed(rewards, payer),
        await signed(rewards, payer, { modelId: BARE_MODEL, agentId: 0n }),
        await signed(rewards, payer),
      ];
      const result = await payBatch(rewards, operator, batch);
      expect(result.paid.map((p) => p.price)).to.deep.equal([PRICE, PRICE - ethers.parseEther("2"), PRICE]);
      expect(result.skipped).to.deep.equal([]);
    });

    it("pays a batch of 100 vouchers through an agent in under 45,000 gas per inference", async function () {
      const { rewards, payer, operator } = await loadFixture(deployWithCredit);
      await rewards.connect(payer).depositCredit(PRICE * 200n);
      const batch = async () => Promise.all(Array.from({ length: 100 }, () => signed(rewards, payer)));
      await payBatch(rewards, operator, await batch()); // so that the measured batch finds the accruals non-zero
      const measured = await payBatch(rewards, operator, await batch());
      expect(measured.skipped).to.deep.equal([]);
      // Coverage instruments the bytecode, which inflates gas: the ceiling holds for the real build only.
      if (isCoverageRun(hre)) return;
      const perInference = Number(measured.transactions[0].gasUsed) / 100;
      // The floor is above 33,000 (docs/gas.md): the paid record, the receipt, the calldata and ecrecover.
      expect(perInference).to.be.lessThan(45_000).and.greaterThan(33_000);
    });

    it("refuses an empty batch and one above MAX_BATCH_VOUCHERS", async function () {
      const { rewards, payer, operator } = await loadFixture(deployWithCredit);
      const max = await rewards.MAX_BATCH_VOUCHERS();
      await expect(rewards.connect(operator).payBatch([]))
        .to.be.revertedWithCustomError(rewards, "BadBatchLength")
        .withArgs(0n, max);
      const voucher = await signed(rewards, payer);
      const tooMany = Array.from({ length: Number(max) + 1 }, () => voucher);
      await expect(rewards.connect(operator).payBatch(tooMany))
        .to.be.revertedWithCustomError(rewards, "BadBatchLength")
        .withArgs(max + 1n, max);
    });

    it("refuses a batch while paused, and changes nothing", async function () {
      const { rewards, token, payer, operator, guardian } = await loadFixture(deployWithCredit);
      await rewards.connect(guardian).pause();
      const voucher = await signed(rewards, payer);
      await expectUnchanged(
        () => ledger(rewards, token, [payer, operator]),
        () =>
          expect(rewards.connect(operator).payBatch([voucher])).to.be.revertedWithCustomError(rewards, "EnforcedPause"),
      );
    });
  });

  describe("skipping a bad voucher with its reason, moving nothing for it", function () {
    const cases: {
      reason: SkipReason;
      title: string;
      make: (ctx: Ctx) => Promise<Awaited<ReturnType<typeof signed>>>;
    }[] = [
      {
        reason: "NonceUsed",
        title: "replayed after it was paid",
        make: async ({ rewards, payer, operator }) => {
          const voucher = await signed(rewards, payer);
          await rewards.connect(operator).payBatch([voucher]);
          return voucher;
        },
      },
      {
        reason: "Expired",
        title: "past its deadline",
        make: async ({ rewards, payer }) => signed(rewards, payer, { deadline: BigInt(await time.latest()) }),
      },
      {
        reason: "SignerNotPayer",
        title: "signed for another chain",
        make: async ({ rewards, payer }) => signed(rewards, payer, {}, { domain: { chainId: 1n } }),
      },
      {
        reason: "SignerNotPayer",
        title: "signed for another contract",
        make: async ({ rewards, payer, token }) =>
          signed(rewards, payer, {}, { domain: { verifyingContract: await token.getAddress() } }),
      },
      {
        reason: "SignerNotPayer",
        title: "signed by someone other than the payer",
        make: async ({ rewards, payer, alice }) => signed(rewards, payer, {}, { signer: alice }),
      },
      {
        reason: "MalformedSignature",
        title: "with a malformed signature",
        make: async ({ rewards, payer }) => {
          const voucher = await signed(rewards, payer);
          return { ...voucher, signature: voucher.signature.slice(0, -2) };
        },
      },
      {
        reason: "InsufficientCredit",
        title: "of a payer whose credit is below the price",
        make: async ({ rewards, alice, token, payer }) => {
          await token.connect(payer).transfer(alice, PRICE);
          await token.connect(alice).approve(rewards, PRICE);
          await rewards.connect(alice).depositCredit(PRICE - 1n);
          return signed(rewards, alice);
        },
      },
      {
        reason: "PriceAboveMaximum",
        title: "whose maximum is below the price",
        make: async ({ rewards, payer }) => signed(rewards, payer, { maxPrice: PRICE - 1n }),
      },
      {
        reason: "AlreadyPaid",
        title: "for an inference the payer already paid directly",
        make: async ({ rewards, payer }) => {
          const voucher = await signed(rewards, payer);
          const { inferenceId, modelId, agentId } = voucher.voucher;
          await rewards.connect(payer).payInference(inferenceId, modelId, agentId, PRICE);
          return voucher;
        },
      },
      {
        reason: "NotPayable",
        title: "for an inactive model",
        make: async ({ rewards, payer, models, modelOwner }) => {
          await models.setModel(BARE_MODEL, modelOwner.address, MODEL_FEE, false);
          return signed(rewards, payer, { modelId: BARE_MODEL, agentId: 0n });
        },
      },
      {
        reason: "NotPayable",
        title: "for an agent that does not use the model",
        make: async ({ rewards, payer }) => signed(rewards, payer, { modelId: BARE_MODEL }),
      },
      {
        reason: "ZeroInferenceId",
        title: "with a zero inference id",
        make: async ({ rewards, payer }) => signed(rewards, payer, { inferenceId: ethers.ZeroHash }),
      },
    ];

    for (const { reason, title, make } of cases) {
      it(`skips a voucher ${title} (${reason}), and pays the good one beside it`, async function () {
        const ctx = await loadFixture(deployWithCredit);
        const { rewards, token, payer, operator, alice, treasury, modelOwner, agentOwner } = ctx;
        const bad = await make(ctx);
        const good = await signed(rewards, payer);
        // The bad voucher alone moves nothing; beside a good one, only the good one is paid.
        const everyone = [payer, alice, operator, treasury, modelOwner, agentOwner];
        await expectUnchanged(
          async () => [await ledger(rewards, token, everyone), await voucherState(rewards, [bad])],
          () =>
            expect(rewards.connect(operator).payBatch([bad]))
              .to.emit(rewards, "VoucherSkipped")
              .withArgs(bad.voucher.payer, bad.voucher.nonce, bad.voucher.inferenceId, reasonOf(reason))
              .and.not.to.emit(rewards, "InferencePaid"),
        );
        const result = await payBatch(rewards, operator, [bad, good]);
        expect(result.skipped.map((s) => s.reason)).to.deep.equal([reason]);
        expect(result.paid.map((p) => p.inferenceId)).to.deep.equal([good.voucher.inferenceId]);
        await expectSolvent(rewards, token);
      });
    }
  });
});

type Ctx = Awaited<ReturnType<typeof deployWithCredit>>;
