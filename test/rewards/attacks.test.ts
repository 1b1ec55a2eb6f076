// AttributionRewards: reentering tokens and receivers, and the contract itself as a recipient.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AttributionRewards__factory } from "../../typechain-types";
import { AGENT, Entitlements, MODEL, NO_AGENT, deployRewards, inferenceId, postAndAccept } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectedSplit } from "../helpers/split";
import { expectUnchanged } from "../helpers/snapshot";
import { deployFunded, deployOnReentrantToken, deployOnReentrantTokenWithRoot, errorName, PRICE } from "./fixtures";

describe("AttributionRewards", function () {
  describe("attacks", function () {
    it("blocks a token that reenters withdraw during a withdrawal, and pays once", async function () {
      const { rewards, token, payer, treasury } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const accrued = await rewards.accrued(treasury.address);
      await token.arm(rewards, rewards.interface.encodeFunctionData("withdraw", [treasury.address]));
      await expect(rewards.connect(treasury).withdraw(treasury.address)).to.changeTokenBalance(
        token,
        treasury,
        accrued,
      );
      expect(await token.attempted()).to.equal(true);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.accrued(treasury.address)).to.equal(0n);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters payInference while the price is being pulled", async function () {
      const { rewards, token, payer } = await loadFixture(deployOnReentrantToken);
      const second = inferenceId();
      await token.arm(rewards, rewards.interface.encodeFunctionData("payInference", [second, MODEL, AGENT, PRICE]));
      await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE)).to.changeTokenBalance(
        token,
        payer,
        -PRICE,
      );
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.isInferencePaid(token, MODEL, AGENT, second)).to.equal(false);
      expect(await rewards.totalDataPoolFunded()).to.equal(expectedSplit(PRICE).dataPoolAmount);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters claim during a claim, and pays the claim once", async function () {
      const { rewards, token, alice, bob, tree } = await loadFixture(deployOnReentrantTokenWithRoot);
      await token.arm(rewards, rewards.interface.encodeFunctionData("claim", tree.claimOf(bob.address)));
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalances(
        token,
        [alice, bob],
        [100n, 0n],
      );
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.totalClaimed()).to.equal(100n);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters sweep while the excess is being sent, and sweeps once", async function () {
      const { rewards, token, payer, admin, treasury } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      await token.mint(await rewards.getAddress(), 5n);
      await token.arm(rewards, rewards.interface.encodeFunctionData("sweep"));
      await expect(rewards.connect(admin).sweep()).to.changeTokenBalance(token, treasury, 5n);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters claimMany during a batch, and pays the batch once", async function () {
      const { rewards, token, alice, bob, tree } = await loadFixture(deployOnReentrantTokenWithRoot);
      const claims = [alice, bob].map((s) => {
        const [account, cumulativeAmount, proof] = tree.claimOf(s.address);
        return { account, cumulativeAmount, proof };
      });
      await token.arm(rewards, rewards.interface.encodeFunctionData("claimMany", [claims]));
      await expect(rewards.claimMany(claims)).to.changeTokenBalances(token, [alice, bob], [100n, 200n]);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.totalClaimed()).to.equal(300n);
      await expectSolvent(rewards, token);
    });

    it("blocks a token that reenters payInferenceWithPermit while the price is being pulled", async function () {
      const { rewards, token, payer } = await loadFixture(deployOnReentrantToken);
      const second = inferenceId();
      const noPermit = { value: 0n, deadline: 0n, v: 0, r: ethers.ZeroHash, s: ethers.ZeroHash };
      await token.arm(
        rewards,
        rewards.interface.encodeFunctionData("payInferenceWithPermit", [second, MODEL, AGENT, PRICE, noPermit]),
      );
      // The token has no permit; the payer's standing approval is what lets the pull through.
      await expect(
        rewards.connect(payer).payInferenceWithPermit(inferenceId(), MODEL, AGENT, PRICE, noPermit),
      ).to.changeTokenBalance(token, payer, -PRICE);
      expect(errorName(await token.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.isInferencePaid(token, MODEL, AGENT, second)).to.equal(false);
      await expectSolvent(rewards, token);
    });

    it("blocks a receiver contract that reenters withdraw on receiving its withdrawal", async function () {
      const { rewards, token, payer, receiver } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const accrued = await rewards.accrued(receiver);
      expect(accrued).to.equal(expectedSplit(PRICE).modelOwnerAmount * 2n);
      await token.setNotifyRecipients(true);
      await receiver.setPayload(rewards.interface.encodeFunctionData("withdraw", [await receiver.getAddress()]));
      await expect(receiver.withdraw()).to.changeTokenBalance(token, receiver, accrued);
      expect(await receiver.attempted()).to.equal(true);
      expect(await receiver.reentrySucceeded()).to.equal(false);
      expect(errorName(await receiver.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.accrued(receiver)).to.equal(0n);
      await expectSolvent(rewards, token);
    });

    it("blocks a contributor contract that reenters claim on receiving its claim", async function () {
      const { rewards, token, payer, attributor, receiver, alice } = await loadFixture(deployOnReentrantToken);
      await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE);
      const receiverAddress = await receiver.getAddress();
      const tree = new Entitlements([
        [receiverAddress, 300n],
        [alice.address, 100n],
      ]);
      await postAndAccept(rewards, attributor, tree);
      await token.setNotifyRecipients(true);
      await receiver.setPayload(rewards.interface.encodeFunctionData("claim", tree.claimOf(receiverAddress)));
      await expect(rewards.claim(...tree.claimOf(receiverAddress))).to.changeTokenBalance(token, receiver, 300n);
      expect(errorName(await receiver.reentryError())).to.equal("ReentrancyGuardReentrantCall");
      expect(await rewards.claimed(receiver)).to.equal(300n);
      expect(await rewards.totalClaimed()).to.equal(300n);
      await expectSolvent(rewards, token);
    });
  });

  describe("this contract as a recipient, which could never withdraw", function () {
    it("refuses to withdraw to the contract itself, which would strand the OPEN above what it owes", async function () {
      const { rewards, token, modelOwner } = await loadFixture(deployFunded);
      await expectUnchanged(
        () => ledger(rewards, token, [modelOwner]),
        async () =>
          expect(rewards.connect(modelOwner).withdraw(rewards))
            .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
            .withArgs(await rewards.getAddress()),
      );
      await expectSolvent(rewards, token);
    });

    it("refuses the contract itself as protocol treasury, at deployment or later", async function () {
      const { rewards, admin, token, models, agents, attributor, guardian, deployer } =
        await loadFixture(deployRewards);
      await expectUnchanged(
        () => ledger(rewards, token, [admin]),
        async () =>
          expect(rewards.connect(admin).setProtocolTreasury(rewards))
            .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
            .withArgs(await rewards.getAddress()),
      );
      expect(await rewards.protocolTreasury()).to.not.equal(await rewards.getAddress());
      const factory = new AttributionRewards__factory(deployer);
      const next = ethers.getCreateAddress({
        from: deployer.address,
        nonce: await ethers.provider.getTransactionCount(deployer.address),
      });
      await expect(factory.deploy(token, models, agents, admin.address, next, attributor.address, guardian.address))
        .to.be.revertedWithCustomError(factory, "InvalidRecipient")
        .withArgs(next);
    });

    it("refuses to pay for a model or through an agent owned by the contract itself", async function () {
      const { rewards, token, models, agents, payer, modelOwner, agentOwner } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, [payer, modelOwner, agentOwner]);
      const self = await rewards.getAddress();
      await models.setOwner(MODEL, self);
      await expectUnchanged(state, async () => {
        await expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
          .withArgs(self);
        await expect(rewards.quote(MODEL, NO_AGENT)).to.be.revertedWithCustomError(rewards, "InvalidRecipient");
      });
      await models.setOwner(MODEL, modelOwner.address);
      await agents.setOwner(AGENT, self);
      await expectUnchanged(state, () =>
        expect(rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, PRICE))
          .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
          .withArgs(self),
      );
      await expectSolvent(rewards, token);
    });

    it("refuses a claim, alone or in a batch, for the contract itself even when the tree names it", async function () {
      const { rewards, token, attributor, alice } = await loadFixture(deployFunded);
      const self = await rewards.getAddress();
      const tree = new Entitlements([
        [alice.address, 3n],
        [self, 4n],
      ]);
      await postAndAccept(rewards, attributor, tree);
      const claims = [alice.address, self].map((address) => {
        const [account, cumulativeAmount, proof] = tree.claimOf(address);
        return { account, cumulativeAmount, proof };
      });
      await expectUnchanged(
        () => ledger(rewards, token, [alice, self]),
        async () => {
          await expect(rewards.claim(...tree.claimOf(self)))
            .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
            .withArgs(self);
          await expect(rewards.claimMany(claims))
            .to.be.revertedWithCustomError(rewards, "InvalidRecipient")
            .withArgs(self);
        },
      );
      await expectSolvent(rewards, token);
    });
  });
});
