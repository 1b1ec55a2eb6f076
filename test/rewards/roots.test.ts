// AttributionRewards: posting, revoking and accepting epoch roots (EpochRoots).
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import { Entitlements } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectUnchanged } from "../helpers/snapshot";
import { DATA_HASH, DATA_URI, deployFunded, deployWithAcceptedRoot } from "./fixtures";
import { readRoot } from "../../src/read/roots";

describe("AttributionRewards", function () {
  describe("posting, revoking and accepting roots", function () {
    it("posts a root as pending until its challenge window has passed", async function () {
      const { rewards, attributor, alice } = await loadFixture(deployFunded);
      const tree = new Entitlements([[alice.address, ethers.parseEther("1")]]);
      const tx = rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
      await expect(tx).to.not.be.reverted;
      const postedAt = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
      const claimableAt = postedAt + 86_400n;
      await expect(tx)
        .to.emit(rewards, "RootPosted")
        .withArgs(1n, tree.root, tree.total, DATA_HASH, DATA_URI, claimableAt);
      const epoch = await readRoot(rewards, 1n);
      expect([epoch.root, epoch.totalAllocated, epoch.dataHash, epoch.postedAt, epoch.claimableAt]).to.deep.equal([
        tree.root,
        tree.total,
        DATA_HASH,
        postedAt,
        claimableAt,
      ]);
      expect([epoch.revoked, epoch.dataURI]).to.deep.equal([false, DATA_URI]);
      expect([await rewards.epochCount(), await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([
        1n,
        1n,
        0n,
      ]);
      await time.increaseTo(claimableAt - 2n);
      expect([await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([1n, 0n]);
      await time.increaseTo(claimableAt);
      expect([await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([0n, 1n]);
    });

    it("keeps only the accepted and the pending root, each as its views read it, a root past its window included", async function () {
      const { rewards, attributor, guardian, alice } = await loadFixture(deployFunded);
      const plainRoot = async (
        read: Promise<{ root: string; totalAllocated: bigint; epoch: bigint; claimableAt: bigint }>,
      ) => {
        const r = await read;
        return [r.root, r.totalAllocated, r.epoch, r.claimableAt];
      };
      const none = [ethers.ZeroHash, 0n, 0n, 0n];
      expect([await plainRoot(rewards.acceptedRoot()), await plainRoot(rewards.pendingRoot())]).to.deep.equal([
        none,
        none,
      ]);
      const first = new Entitlements([[alice.address, 3n]]);
      await rewards.connect(attributor).postRoot(first.root, first.total, DATA_HASH, DATA_URI);
      const firstAt = (await readRoot(rewards, 1n)).claimableAt;
      const firstRoot = [first.root, first.total, 1n, firstAt];
      expect([await plainRoot(rewards.acceptedRoot()), await plainRoot(rewards.pendingRoot())]).to.deep.equal([
        none,
        firstRoot,
      ]);
      // Past its window the root is the accepted one for the views, before any write records it.
      await time.increaseTo(firstAt);
      expect([await plainRoot(rewards.acceptedRoot()), await plainRoot(rewards.pendingRoot())]).to.deep.equal([
        firstRoot,
        none,
      ]);
      // A revoked root is neither: the accepted one stays.
      const second = new Entitlements([[alice.address, 4n]]);
      await rewards.connect(attributor).postRoot(second.root, second.total, DATA_HASH, DATA_URI);
      await rewards.connect(guardian).revokeRoot();
      expect([
        await plainRoot(rewards.acceptedRoot()),
        await plainRoot(rewards.pendingRoot()),
        await rewards.epochCount(),
      ]).to.deep.equal([firstRoot, none, 2n]);
      // What storage no longer keeps, the events do: the revoked root as it was posted.
      const revoked = await readRoot(rewards, 2n);
      expect([revoked.root, revoked.totalAllocated, revoked.revoked, revoked.dataURI]).to.deep.equal([
        second.root,
        second.total,
        true,
        DATA_URI,
      ]);
    });

    it("returns the new epoch number, counting from 1", async function () {
      const { rewards, attributor } = await loadFixture(deployFunded);
      expect(await rewards.connect(attributor).postRoot.staticCall(ethers.id("r"), 0n, DATA_HASH, DATA_URI)).to.equal(
        1n,
      );
      expect((await readRoot(rewards, 5n)).root).to.equal(ethers.ZeroHash);
    });

    it("refuses a root from anyone without the attributor role", async function () {
      const { rewards, token, stranger, admin } = await loadFixture(deployFunded);
      await expectUnchanged(
        () => ledger(rewards, token, []),
        async () => {
          for (const caller of [stranger, admin]) {
            await expect(rewards.connect(caller).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI))
              .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
              .withArgs(caller.address, await rewards.ATTRIBUTOR_ROLE());
          }
        },
      );
    });

    it("refuses a zero root", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(
          rewards.connect(attributor).postRoot(ethers.ZeroHash, 1n, DATA_HASH, DATA_URI),
        ).to.be.revertedWithCustomError(rewards, "ZeroRoot"),
      );
      expect(await rewards.epochCount()).to.equal(0n);
    });

    it("refuses a root without the hash or the URI of the data behind it, which nobody could then recompute", async function () {
      const { rewards, token, attributor } = await loadFixture(deployFunded);
      await expectUnchanged(
        () => ledger(rewards, token, []),
        async () => {
          await expect(
            rewards.connect(attributor).postRoot(ethers.id("r"), 1n, ethers.ZeroHash, DATA_URI),
          ).to.be.revertedWithCustomError(rewards, "ZeroDataHash");
          await expect(
            rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, ""),
          ).to.be.revertedWithCustomError(rewards, "EmptyDataURI");
        },
      );
      expect(await rewards.pendingEpoch()).to.equal(0n);
    });

    it("refuses a root allocating more than the data pools were ever funded", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      const funded = await rewards.totalDataPoolFunded();
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("r"), funded + 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationExceedsFunding")
          .withArgs(funded + 1n, funded),
      );
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), funded, DATA_HASH, DATA_URI)).to.emit(
        rewards,
        "RootPosted",
      );
    });

    it("refuses a root allocating less than the accepted root: entitlements are cumulative", async function () {
      const { rewards, attributor, tree, token } = await loadFixture(deployWithAcceptedRoot);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total - 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationDecreased")
          .withArgs(tree.total - 1n, tree.total),
      );
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total, DATA_HASH, DATA_URI)).to.emit(
        rewards,
        "RootPosted",
      );
    });

    it("refuses a new root while one waits out its window, naming it", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await rewards.connect(attributor).postRoot(ethers.id("first"), 1n, DATA_HASH, DATA_URI);
      const { claimableAt } = await readRoot(rewards, 1n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("second"), 2n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "RootPending")
          .withArgs(1n, claimableAt),
      );
    });

    it("accepts a pending root past its window before posting the next one", async function () {
      const { rewards, attributor, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await rewards.connect(attributor).postRoot(ethers.id("first"), 1n, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expect(rewards.connect(attributor).postRoot(ethers.id("second"), 2n, DATA_HASH, DATA_URI))
        .to.emit(rewards, "RootAccepted")
        .withArgs(1n, ethers.id("first"), 1n)
        .and.to.emit(rewards, "RootPosted");
      expect([await rewards.acceptedEpoch(), await rewards.pendingEpoch()]).to.deep.equal([1n, 2n]);
      // The second root is measured against the first, now accepted.
      await time.increase(86_400n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(attributor).postRoot(ethers.id("third"), 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationDecreased")
          .withArgs(1n, 2n),
      );
    });

    it("lets the guardian revoke the pending root, after which a corrected one can be posted at once", async function () {
      const { rewards, attributor, guardian } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("bad"), 5n, DATA_HASH, DATA_URI);
      await expect(rewards.connect(guardian).revokeRoot())
        .to.emit(rewards, "RootRevoked")
        .withArgs(1n, guardian.address);
      expect((await readRoot(rewards, 1n)).revoked).to.equal(true);
      expect([await rewards.pendingEpoch(), await rewards.acceptedEpoch()]).to.deep.equal([0n, 0n]);
      await time.increase(86_400n * 2n);
      expect(await rewards.acceptedEpoch()).to.equal(0n);
      // A revoked root sets no floor: the corrected root may allocate less.
      await expect(rewards.connect(attributor).postRoot(ethers.id("good"), 4n, DATA_HASH, DATA_URI))
        .to.emit(rewards, "RootPosted")
        .withArgs(2n, ethers.id("good"), 4n, DATA_HASH, DATA_URI, anyValue);
    });

    it("lets the guardian revoke until the last second of the window, not from its end", async function () {
      const { rewards, attributor, guardian } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI);
      const { claimableAt } = await readRoot(rewards, 1n);
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await time.setNextBlockTimestamp(claimableAt - 1n);
      await expect(rewards.connect(guardian).revokeRoot()).to.emit(rewards, "RootRevoked");
      await ethers.provider.send("evm_revert", [snapshot]);
      await time.setNextBlockTimestamp(claimableAt);
      await expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot");
      expect((await readRoot(rewards, 1n)).revoked).to.equal(false);
      expect(await rewards.acceptedEpoch()).to.equal(1n);
    });

    it("refuses a revocation with no pending root, or from anyone but the guardian", async function () {
      const { rewards, attributor, guardian, admin, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      await rewards.connect(attributor).postRoot(ethers.id("r"), 1n, DATA_HASH, DATA_URI);
      for (const caller of [attributor, admin]) {
        await expectUnchanged(state, async () =>
          expect(rewards.connect(caller).revokeRoot())
            .to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, await rewards.GUARDIAN_ROLE()),
        );
      }
      await rewards.connect(guardian).revokeRoot();
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
    });

    it("has nothing to accept once the guardian revoked the pending root, even past its window", async function () {
      const { rewards, attributor, guardian, stranger, token } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("r"), 7n, DATA_HASH, DATA_URI);
      const { claimableAt } = await readRoot(rewards, 1n);
      await rewards.connect(guardian).revokeRoot();
      await time.increaseTo(claimableAt);
      await expectUnchanged(
        () => ledger(rewards, token, []),
        () => expect(rewards.connect(stranger).acceptRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      expect([await rewards.acceptedEpoch(), await rewards.pendingEpoch()]).to.deep.equal([0n, 0n]);
    });

    it("lets anyone accept a root whose window has passed, once", async function () {
      const { rewards, attributor, stranger, token } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, () =>
        expect(rewards.connect(stranger).acceptRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      await rewards.connect(attributor).postRoot(ethers.id("r"), 7n, DATA_HASH, DATA_URI);
      const { claimableAt } = await readRoot(rewards, 1n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(stranger).acceptRoot())
          .to.be.revertedWithCustomError(rewards, "RootPending")
          .withArgs(1n, claimableAt),
      );
      await time.increaseTo(claimableAt);
      await expect(rewards.connect(stranger).acceptRoot())
        .to.emit(rewards, "RootAccepted")
        .withArgs(1n, ethers.id("r"), 7n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(stranger).acceptRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      expect(await rewards.acceptedEpoch()).to.equal(1n);
    });

    it("measures a new root against the accepted root, never a revoked one, and posts nothing when refused", async function () {
      const { rewards, token, attributor, guardian, tree } = await loadFixture(deployWithAcceptedRoot);
      const funded = await rewards.totalDataPoolFunded();
      await rewards.connect(attributor).postRoot(ethers.id("too generous"), funded, DATA_HASH, DATA_URI);
      await rewards.connect(guardian).revokeRoot();
      const state = () => ledger(rewards, token, []);
      await expectUnchanged(state, async () => {
        await expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total - 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationDecreased")
          .withArgs(tree.total - 1n, tree.total);
        await expect(rewards.connect(attributor).postRoot(ethers.id("r"), funded + 1n, DATA_HASH, DATA_URI))
          .to.be.revertedWithCustomError(rewards, "AllocationExceedsFunding")
          .withArgs(funded + 1n, funded);
      });
      // Below the revoked root's total, at the accepted one's: allowed.
      await expect(rewards.connect(attributor).postRoot(ethers.id("r"), tree.total, DATA_HASH, DATA_URI))
        .to.emit(rewards, "RootPosted")
        .withArgs(3n, ethers.id("r"), tree.total, DATA_HASH, DATA_URI, anyValue);
      await expectUnchanged(state, () =>
        expect(
          rewards.connect(attributor).postRoot(ethers.id("s"), tree.total, DATA_HASH, DATA_URI),
        ).to.be.revertedWithCustomError(rewards, "RootPending"),
      );
    });

    it("leaves a root past its window claimable when the guardian tries to revoke it late", async function () {
      const { rewards, token, attributor, guardian, alice } = await loadFixture(deployFunded);
      const state = () => ledger(rewards, token, []);
      const tree = new Entitlements([[alice.address, 8n]]);
      await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      expect((await readRoot(rewards, 1n)).revoked).to.equal(false);
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalance(token, alice, 8n);
      await expectSolvent(rewards, token);
    });

    it("gives each root the challenge window in force when it was posted", async function () {
      const { rewards, attributor, admin } = await loadFixture(deployFunded);
      await rewards.connect(attributor).postRoot(ethers.id("r1"), 1n, DATA_HASH, DATA_URI);
      const first = await readRoot(rewards, 1n);
      await expect(rewards.connect(admin).setChallengeWindow(3_600n))
        .to.emit(rewards, "ChallengeWindowSet")
        .withArgs(3_600n);
      expect((await readRoot(rewards, 1n)).claimableAt).to.equal(first.claimableAt);
      await time.increaseTo(first.claimableAt);
      await rewards.connect(attributor).postRoot(ethers.id("r2"), 1n, DATA_HASH, DATA_URI);
      const second = await readRoot(rewards, 2n);
      expect(second.claimableAt - second.postedAt).to.equal(3_600n);
    });
  });
});
