// AttributionRewards: deployment, pausing, and the admin's settings within their caps.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AttributionRewards__factory } from "../../typechain-types";
import { signPermit } from "../helpers/permit";
import { AGENT, DEFAULT_SHARES, MODEL, deployRewards, inferenceId } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectUnchanged } from "../helpers/snapshot";
import { DATA_HASH, DATA_URI, deployFunded, deployWithAcceptedRoot, PRICE } from "./fixtures";

describe("AttributionRewards", function () {
  describe("deployment", function () {
    it("grants the admin, attributor and guardian roles to the addresses given", async function () {
      const { rewards, admin, attributor, guardian, deployer } = await loadFixture(deployRewards);
      expect(await rewards.hasRole(await rewards.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await rewards.hasRole(await rewards.ATTRIBUTOR_ROLE(), attributor.address)).to.equal(true);
      expect(await rewards.hasRole(await rewards.GUARDIAN_ROLE(), guardian.address)).to.equal(true);
      expect(await rewards.hasRole(await rewards.DEFAULT_ADMIN_ROLE(), deployer.address)).to.equal(false);
      expect(await rewards.ATTRIBUTOR_ROLE()).to.equal(ethers.id("ATTRIBUTOR_ROLE"));
      expect(await rewards.GUARDIAN_ROLE()).to.equal(ethers.id("GUARDIAN_ROLE"));
    });

    it("starts with the default shares, a one-day challenge window and the given treasury, token and registries", async function () {
      const { rewards, treasury, token, models, agents } = await loadFixture(deployRewards);
      expect([...(await rewards.shares())]).to.deep.equal([500n, 1_500n, 3_000n, 5_000n]);
      expect(await rewards.challengeWindow()).to.equal(86_400n);
      expect(await rewards.DEFAULT_CHALLENGE_WINDOW()).to.equal(86_400n);
      expect(await rewards.protocolTreasury()).to.equal(treasury.address);
      expect(await rewards.token()).to.equal(await token.getAddress());
      expect(await rewards.modelRegistry()).to.equal(await models.getAddress());
      expect(await rewards.agentRegistry()).to.equal(await agents.getAddress());
      expect(await rewards.totalOwed()).to.equal(0n);
      expect([await rewards.acceptedEpoch(), await rewards.pendingEpoch(), await rewards.epochCount()]).to.deep.equal([
        0n,
        0n,
        0n,
      ]);
    });

    it("records the block it was deployed in", async function () {
      const { rewards } = await loadFixture(deployRewards);
      const receipt = await rewards.deploymentTransaction()!.wait();
      expect(await rewards.deploymentBlock()).to.equal(BigInt(receipt!.blockNumber));
    });

    it("has hard caps: protocol at most 10%, data pool at least 20%, windows from 1 hour to 30 days, 200 claims a batch", async function () {
      const { rewards } = await loadFixture(deployRewards);
      expect(await rewards.MAX_PROTOCOL_BPS()).to.equal(1_000n);
      expect(await rewards.MIN_DATA_POOL_BPS()).to.equal(2_000n);
      expect(await rewards.MIN_CHALLENGE_WINDOW()).to.equal(3_600n);
      expect(await rewards.MAX_CHALLENGE_WINDOW()).to.equal(30n * 86_400n);
      expect(await rewards.MAX_BATCH_CLAIMS()).to.equal(200n);
    });

    it("announces its shares, treasury and challenge window so an indexer needs no storage reads", async function () {
      const { token, models, agents, admin, treasury, attributor, guardian, deployer } =
        await loadFixture(deployRewards);
      const rewards = await new AttributionRewards__factory(deployer).deploy(
        token,
        models,
        agents,
        admin.address,
        treasury.address,
        attributor.address,
        guardian.address,
      );
      const tx = rewards.deploymentTransaction()!;
      await expect(tx).to.emit(rewards, "SharesSet").withArgs([500n, 1_500n, 3_000n, 5_000n]);
      await expect(tx).to.emit(rewards, "ProtocolTreasurySet").withArgs(treasury.address);
      await expect(tx).to.emit(rewards, "ChallengeWindowSet").withArgs(86_400n);
    });

    it("refuses a zero address for any of its seven addresses", async function () {
      const { token, models, agents, admin, treasury, attributor, guardian, deployer } =
        await loadFixture(deployRewards);
      const factory = new AttributionRewards__factory(deployer);
      const good = [token, models, agents, admin.address, treasury.address, attributor.address, guardian.address];
      for (let i = 0; i < good.length; i++) {
        const args = [...good] as Parameters<typeof factory.deploy>;
        args[i] = ethers.ZeroAddress;
        await expect(factory.deploy(...args)).to.be.revertedWithCustomError(factory, "ZeroAddress");
      }
    });
  });

  describe("pausing", function () {
    it("stops payments and claims while paused, and unpausing restores them", async function () {
      const { rewards, token, guardian, payer, tree, alice, bob, carol } = await loadFixture(deployWithAcceptedRoot);
      await expect(rewards.connect(guardian).pause()).to.emit(rewards, "Paused").withArgs(guardian.address);
      const id = inferenceId();
      const sig = await signPermit(token, payer, await rewards.getAddress(), PRICE);
      const [account, cumulativeAmount, proof] = tree.claimOf(bob.address);
      await expectUnchanged(
        () => ledger(rewards, token, [payer, alice, bob, carol]),
        async () => {
          await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE)).to.be.revertedWithCustomError(
            rewards,
            "EnforcedPause",
          );
          await expect(
            rewards.connect(payer).payInferenceWithPermit(id, MODEL, AGENT, PRICE, { value: PRICE, ...sig }),
          ).to.be.revertedWithCustomError(rewards, "EnforcedPause");
          await expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
            rewards,
            "EnforcedPause",
          );
          await expect(rewards.claimMany([{ account, cumulativeAmount, proof }])).to.be.revertedWithCustomError(
            rewards,
            "EnforcedPause",
          );
        },
      );

      await expect(rewards.connect(guardian).unpause()).to.emit(rewards, "Unpaused").withArgs(guardian.address);
      await expect(rewards.connect(payer).payInference(id, MODEL, AGENT, PRICE)).to.emit(rewards, "InferencePaid");
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.emit(rewards, "Claimed");
      await expect(rewards.claimMany([{ account, cumulativeAmount, proof }])).to.emit(rewards, "Claimed");
      await expectSolvent(rewards, token);
    });

    it("never traps accrued funds: withdrawals work while paused", async function () {
      const { rewards, token, guardian, modelOwner } = await loadFixture(deployFunded);
      await rewards.connect(guardian).pause();
      const accrued = await rewards.accrued(modelOwner.address);
      await expect(rewards.connect(modelOwner).withdraw(modelOwner.address)).to.changeTokenBalance(
        token,
        modelOwner,
        accrued,
      );
      await expectSolvent(rewards, token);
    });

    it("keeps roots moving while paused, so contributors are not delayed a further window", async function () {
      const { rewards, guardian, attributor } = await loadFixture(deployFunded);
      await rewards.connect(guardian).pause();
      await rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expect(rewards.acceptRoot()).to.emit(rewards, "RootAccepted");
    });

    it("keeps the pause, the shares and the treasury apart though one storage word holds all three", async function () {
      const { rewards, admin, guardian, stranger } = await loadFixture(deployFunded);
      const shares = { protocolBps: 1_000n, agentOwnerBps: 1_000n, modelOwnerBps: 3_000n, dataPoolBps: 5_000n };
      await rewards.connect(guardian).pause();
      await rewards.connect(admin).setShares(shares);
      await rewards.connect(admin).setProtocolTreasury(stranger.address);
      expect(await rewards.paused()).to.equal(true);
      await rewards.connect(guardian).unpause();
      const after = await rewards.shares();
      expect([after.protocolBps, after.agentOwnerBps, after.modelOwnerBps, after.dataPoolBps]).to.deep.equal(
        Object.values(shares),
      );
      expect([await rewards.paused(), await rewards.protocolTreasury()]).to.deep.equal([false, stranger.address]);
    });

    it("lets only the guardian pause and unpause, and only from the opposite state", async function () {
      const { rewards, guardian, admin, stranger, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      const role = await rewards.GUARDIAN_ROLE();
      for (const caller of [admin, stranger]) {
        await expectUnchanged(state, () =>
          expect(rewards.connect(caller).pause())
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
      }
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).unpause()).to.be.revertedWithCustomError(rewards, "ExpectedPause"),
      );
      await rewards.connect(guardian).pause();
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).pause()).to.be.revertedWithCustomError(rewards, "EnforcedPause"),
      );
      await expectUnchanged(state, () =>
        expect(rewards.connect(admin).unpause())
          .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
          .withArgs(admin.address, role),
      );
      expect(await rewards.paused()).to.equal(true);
    });
  });

  describe("administration", function () {
    it("sets shares that sum to 10,000 within the caps, at the caps exactly too", async function () {
      const { rewards, admin } = await loadFixture(deployRewards);
      const atCaps = { protocolBps: 1_000n, agentOwnerBps: 3_500n, modelOwnerBps: 3_500n, dataPoolBps: 2_000n };
      await expect(rewards.connect(admin).setShares(atCaps))
        .to.emit(rewards, "SharesSet")
        .withArgs([1_000n, 3_500n, 3_500n, 2_000n]);
      expect([...(await rewards.shares())]).to.deep.equal([1_000n, 3_500n, 3_500n, 2_000n]);
    });

    type Bps = [protocol: bigint, agentOwner: bigint, modelOwner: bigint, dataPool: bigint];

    /** Each of `refused` (shares, error, its arguments) reverts; the shares and the money stay as they were. */
    async function expectSharesRefused(refused: [Bps, string, bigint[]][]) {
      const { rewards, admin, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      for (const [[protocolBps, agentOwnerBps, modelOwnerBps, dataPoolBps], error, args] of refused) {
        const shares = { protocolBps, agentOwnerBps, modelOwnerBps, dataPoolBps };
        await expectUnchanged(state, () =>
          expect(rewards.connect(admin).setShares(shares))
            .to.be.revertedWithCustomError(rewards, error)
            .withArgs(...args),
        );
      }
      expect([...(await rewards.shares())]).to.deep.equal([500n, 1_500n, 3_000n, 5_000n]);
    }

    it("refuses shares that do not sum to 10,000", async function () {
      await expectSharesRefused([
        [[500n, 1_500n, 3_000n, 4_999n], "SharesNot10000", [9_999n]],
        [[500n, 1_500n, 3_000n, 5_001n], "SharesNot10000", [10_001n]],
        [[65_535n, 65_535n, 65_535n, 65_535n], "SharesNot10000", [262_140n]],
      ]);
    });

    it("refuses a protocol share above 10% and a data pool share below 20%", async function () {
      await expectSharesRefused([
        [[1_001n, 1_499n, 2_500n, 5_000n], "ProtocolShareAboveCap", [1_001n, 1_000n]],
        [[500n, 4_000n, 3_501n, 1_999n], "DataPoolShareBelowFloor", [1_999n, 2_000n]],
      ]);
    });

    it("sets the protocol treasury, refusing the zero address", async function () {
      const { rewards, admin, alice, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      await expect(rewards.connect(admin).setProtocolTreasury(alice.address))
        .to.emit(rewards, "ProtocolTreasurySet")
        .withArgs(alice.address);
      expect(await rewards.protocolTreasury()).to.equal(alice.address);
      await expectUnchanged(state, () =>
        expect(rewards.connect(admin).setProtocolTreasury(ethers.ZeroAddress)).to.be.revertedWithCustomError(
          rewards,
          "ZeroAddress",
        ),
      );
    });

    it("sets the challenge window within 1 hour and 30 days", async function () {
      const { rewards, admin, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      for (const window of [3_600n, 30n * 86_400n]) {
        await expect(rewards.connect(admin).setChallengeWindow(window))
          .to.emit(rewards, "ChallengeWindowSet")
          .withArgs(window);
      }
      for (const window of [3_599n, 30n * 86_400n + 1n, 0n]) {
        await expectUnchanged(state, () =>
          expect(rewards.connect(admin).setChallengeWindow(window))
            .to.be.revertedWithCustomError(rewards, "ChallengeWindowOutOfBounds")
            .withArgs(window, 3_600n, 30n * 86_400n),
        );
      }
      expect(await rewards.challengeWindow()).to.equal(30n * 86_400n);
    });

    it("refuses every admin setting from anyone without the admin role", async function () {
      const { rewards, attributor, guardian, stranger, token } = await loadFixture(deployRewards);
      const state = () => ledger(rewards, token, []);
      const role = await rewards.DEFAULT_ADMIN_ROLE();
      for (const caller of [attributor, guardian, stranger]) {
        const as = rewards.connect(caller);
        await expectUnchanged(state, () =>
          expect(as.setShares(DEFAULT_SHARES))
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
        await expectUnchanged(state, () =>
          expect(as.setProtocolTreasury(caller.address))
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
        await expectUnchanged(state, () =>
          expect(as.setChallengeWindow(3_600n))
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, role),
        );
      }
    });
  });
});
