// AttributionRewards on a token the suite was not built for: a pull that delivers less than the price is refused.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { FeeOnTransferToken__factory } from "../../typechain-types";
import { AGENT, MODEL, PAYER_FUNDS, deployRewards, deployRewardsContract, inferenceId } from "../helpers/rewards";
import { ledger } from "../helpers/rewardsLedger";
import { expectUnchanged } from "../helpers/snapshot";
import { PRICE } from "./fixtures";

const NO_PERMIT = { value: 0n, deadline: 0n, v: 0, r: ethers.ZeroHash, s: ethers.ZeroHash };

describe("AttributionRewards", function () {
  describe("on a fee-on-transfer token", function () {
    async function onFeeToken(feeBps: number) {
      const ctx = await deployRewards();
      const { deployer, models, agents, admin, treasury, attributor, guardian, payer } = ctx;
      const token = await new FeeOnTransferToken__factory(deployer).deploy(feeBps);
      const rewards = await deployRewardsContract(deployer, token, models, agents, {
        admin,
        treasury,
        attributor,
        guardian,
      });
      await token.mint(payer.address, PAYER_FUNDS);
      await token.connect(payer).approve(rewards, ethers.MaxUint256);
      return { ...ctx, token, rewards };
    }
    const onOnePercent = () => onFeeToken(100);
    const onWholeFee = () => onFeeToken(10_000);

    it("refuses a payment whose pull delivers less than the price, naming both, and books nothing", async function () {
      const { rewards, token, payer, treasury, modelOwner } = await loadFixture(onOnePercent);
      const received = PRICE - PRICE / 100n;
      await expectUnchanged(
        () => ledger(rewards, token, [payer, treasury, modelOwner]),
        () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "UnexpectedAmountReceived")
            .withArgs(PRICE, received),
      );
    });

    it("refuses the same through the permit path", async function () {
      const { rewards, token, payer } = await loadFixture(onOnePercent);
      await expectUnchanged(
        () => ledger(rewards, token, [payer]),
        () =>
          expect(rewards.connect(payer).payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, NO_PERMIT))
            .to.be.revertedWithCustomError(rewards, "UnexpectedAmountReceived")
            .withArgs(PRICE, PRICE - PRICE / 100n),
      );
    });

    it("refuses a pull that delivers nothing at all", async function () {
      const { rewards, token, payer } = await loadFixture(onWholeFee);
      await expectUnchanged(
        () => ledger(rewards, token, [payer]),
        () =>
          expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
            .to.be.revertedWithCustomError(rewards, "UnexpectedAmountReceived")
            .withArgs(PRICE, 0n),
      );
    });
  });
});
