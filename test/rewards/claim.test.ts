// AttributionRewards: claiming against the accepted root, alone and in a batch.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Entitlements, postAndAccept } from "../helpers/rewards";
import { expectSolvent, ledger } from "../helpers/rewardsLedger";
import { expectUnchanged } from "../helpers/snapshot";
import { DATA_HASH, DATA_URI, deployFunded, deployWithAcceptedRoot } from "./fixtures";

describe("AttributionRewards", function () {
  describe("claiming", function () {
    it("pays a contributor its cumulative entitlement, whoever submits the claim", async function () {
      const { rewards, token, tree, alice, stranger, epoch } = await loadFixture(deployWithAcceptedRoot);
      const [account, amount, proof] = tree.claimOf(alice.address);
      const tx = await rewards.connect(stranger).claim(account, amount, proof);
      await expect(tx).to.emit(rewards, "Claimed").withArgs(epoch, alice.address, amount, amount);
      await expect(tx).to.changeTokenBalances(token, [rewards, alice, stranger], [-amount, amount, 0n]);
      expect(await rewards.claimed(alice.address)).to.equal(amount);
      expect(await rewards.totalClaimed()).to.equal(amount);
      await expectSolvent(rewards, token);
    });

    it("returns the amount paid", async function () {
      const { rewards, tree, bob } = await loadFixture(deployWithAcceptedRoot);
      expect(await rewards.claim.staticCall(...tree.claimOf(bob.address))).to.equal(ethers.parseEther("20"));
    });

    it("pays only the increase when a later root raises the cumulative entitlement", async function () {
      const { rewards, token, tree, alice, bob, carol, attributor, stranger } =
        await loadFixture(deployWithAcceptedRoot);
      await rewards.claim(...tree.claimOf(alice.address));
      const next = new Entitlements([
        [alice.address, ethers.parseEther("14")],
        [bob.address, ethers.parseEther("20")],
        [carol.address, ethers.parseEther("9")],
      ]);
      const epoch = await postAndAccept(rewards, attributor, next);
      const tx = await rewards.connect(stranger).claim(...next.claimOf(alice.address));
      await expect(tx)
        .to.emit(rewards, "Claimed")
        .withArgs(epoch, alice.address, ethers.parseEther("4"), ethers.parseEther("14"));
      await expect(tx).to.changeTokenBalance(token, alice, ethers.parseEther("4"));
      // Bob never claimed the first root: the second pays him everything at once.
      await expect(rewards.claim(...next.claimOf(bob.address))).to.changeTokenBalance(
        token,
        bob,
        ethers.parseEther("20"),
      );
      await expectSolvent(rewards, token);
    });

    it("pays against the accepted root while the next one waits, then only the difference once it is accepted", async function () {
      const { rewards, token, tree, alice, bob, carol, attributor, guardian } =
        await loadFixture(deployWithAcceptedRoot);
      const next = new Entitlements([
        [alice.address, ethers.parseEther("13")],
        [bob.address, ethers.parseEther("20")],
        [carol.address, ethers.parseEther("5")],
      ]);
      await rewards.connect(attributor).postRoot(next.root, next.total, DATA_HASH, DATA_URI);
      // Between posting and acceptance, the accepted root pays in full.
      await expect(rewards.claim(...tree.claimOf(alice.address))).to.changeTokenBalance(
        token,
        alice,
        ethers.parseEther("10"),
      );
      await time.increase(86_400n);
      // Too late to revoke; the old tree's proofs no longer verify and the new one pays only the increase.
      const state = () => ledger(rewards, token, [alice, bob, carol]);
      await expectUnchanged(state, () =>
        expect(rewards.connect(guardian).revokeRoot()).to.be.revertedWithCustomError(rewards, "NoPendingRoot"),
      );
      await expectUnchanged(state, () =>
        expect(rewards.claim(...tree.claimOf(bob.address))).to.be.revertedWithCustomError(rewards, "InvalidProof"),
      );
      await expect(rewards.claim(...next.claimOf(alice.address)))
        .to.emit(rewards, "Claimed")
        .withArgs(2n, alice.address, ethers.parseEther("3"), ethers.parseEther("13"));
      expect(await rewards.claimed(alice.address)).to.equal(ethers.parseEther("13"));
      await expectSolvent(rewards, token);
    });

    it("accepts a pending root past its window inside the claim", async function () {
      const { rewards, attributor, alice, token } = await loadFixture(deployFunded);
      const tree = new Entitlements([[alice.address, 3n]]);
      await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
      await time.increase(86_400n);
      await expect(rewards.claim(...tree.claimOf(alice.address)))
        .to.emit(rewards, "RootAccepted")
        .withArgs(1n, tree.root, 3n)
        .and.to.emit(rewards, "Claimed")
        .withArgs(1n, alice.address, 3n, 3n);
      await expectSolvent(rewards, token);
    });

    describe("refusals, each leaving every balance untouched", function () {
      async function claimsFixture() {
        const ctx = await deployWithAcceptedRoot();
        const { rewards, token, alice, bob, carol, stranger } = ctx;
        const snapshot = () => ledger(rewards, token, [alice, bob, carol, stranger]);
        return { ...ctx, snapshot, before: await snapshot() };
      }

      it("refuses any claim before a root has been accepted", async function () {
        const { rewards, attributor, alice, token } = await loadFixture(deployFunded);
        await expect(rewards.claim(alice.address, 1n, [])).to.be.revertedWithCustomError(rewards, "NoAcceptedRoot");
        const tree = new Entitlements([[alice.address, 1n]]);
        await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
        await time.increase(86_400n - 10n);
        await expectUnchanged(
          () => ledger(rewards, token, [alice]),
          () =>
            expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
              rewards,
              "NoAcceptedRoot",
            ),
        );
      });

      it("refuses a claim against a root still in its window: the accepted one is used", async function () {
        const { rewards, attributor, alice, bob, carol, snapshot, before } = await loadFixture(claimsFixture);
        const next = new Entitlements([
          [alice.address, ethers.parseEther("15")],
          [bob.address, ethers.parseEther("20")],
          [carol.address, ethers.parseEther("5")],
        ]);
        await rewards.connect(attributor).postRoot(next.root, next.total, DATA_HASH, DATA_URI);
        await expectUnchanged(snapshot, () =>
          expect(rewards.claim(...next.claimOf(alice.address)))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, ethers.parseEther("15")),
        );
        // Only the posted root differs from the fixture: no money moved.
        const after = await snapshot();
        const roots = {
          epochCount: before.epochCount,
          pendingRoot: before.pendingRoot,
          pendingEpoch: before.pendingEpoch,
        };
        expect({ ...after, ...roots }).to.deep.equal(before);
      });

      it("refuses a claim against a revoked root", async function () {
        const { rewards, token, attributor, guardian, alice } = await loadFixture(deployFunded);
        const tree = new Entitlements([[alice.address, 5n]]);
        await rewards.connect(attributor).postRoot(tree.root, tree.total, DATA_HASH, DATA_URI);
        await rewards.connect(guardian).revokeRoot();
        await time.increase(86_400n * 3n);
        const snapshot = () => ledger(rewards, token, [alice]);
        const before = await snapshot();
        await expectUnchanged(snapshot, () =>
          expect(rewards.claim(...tree.claimOf(alice.address))).to.be.revertedWithCustomError(
            rewards,
            "NoAcceptedRoot",
          ),
        );
        // And once another root is accepted, the revoked tree's proofs do not verify against it.
        const other = new Entitlements([[alice.address, 4n]]);
        await postAndAccept(rewards, attributor, other);
        await expectUnchanged(snapshot, () =>
          expect(rewards.claim(...tree.claimOf(alice.address)))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, 5n),
        );
        // Only the second root differs: no money moved.
        const after = await snapshot();
        const roots = { epochCount: 1n, acceptedRoot: before.acceptedRoot, acceptedEpoch: before.acceptedEpoch };
        expect({ ...after, ...roots }).to.deep.equal(before);
      });

      it("refuses a wrong proof", async function () {
        const { rewards, tree, alice, bob, snapshot } = await loadFixture(claimsFixture);
        const [, amount] = tree.claimOf(alice.address);
        await expectUnchanged(snapshot, async () => {
          await expect(rewards.claim(alice.address, amount, tree.proofOf(bob.address)))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, amount);
          await expect(rewards.claim(alice.address, amount, []))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, amount);
          // Bob's leaf and proof do not pay alice.
          await expect(rewards.claim(alice.address, tree.amountOf(bob.address), tree.proofOf(bob.address)))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, tree.amountOf(bob.address));
        });
      });

      it("refuses an amount larger than the leaf", async function () {
        const { rewards, tree, alice, snapshot } = await loadFixture(claimsFixture);
        const [account, amount, proof] = tree.claimOf(alice.address);
        await expectUnchanged(snapshot, () =>
          expect(rewards.claim(account, amount + 1n, proof))
            .to.be.revertedWithCustomError(rewards, "InvalidProof")
            .withArgs(alice.address, amount + 1n),
        );
      });

      it("refuses a second claim of the same cumulative amount", async function () {
        const { rewards, token, tree, alice, bob, carol, stranger } = await loadFixture(claimsFixture);
        await rewards.claim(...tree.claimOf(alice.address));
        const amount = tree.amountOf(alice.address);
        await expectUnchanged(
          () => ledger(rewards, token, [alice, bob, carol, stranger]),
          () =>
            expect(rewards.connect(stranger).claim(...tree.claimOf(alice.address)))
              .to.be.revertedWithCustomError(rewards, "NothingToClaim")
              .withArgs(alice.address, amount, amount),
        );
      });

      it("refuses claims that would take more than the root allocates, even if the tree promises more", async function () {
        const { rewards, token, attributor, alice, bob } = await loadFixture(deployFunded);
        // A bad tree: its leaves sum to 12 but it declares 10.
        const tree = new Entitlements([
          [alice.address, 6n],
          [bob.address, 6n],
        ]);
        await rewards.connect(attributor).postRoot(tree.root, 10n, DATA_HASH, DATA_URI);
        await time.increase(86_400n);
        await rewards.claim(...tree.claimOf(alice.address));
        await expectUnchanged(
          () => ledger(rewards, token, [alice, bob]),
          () =>
            expect(rewards.claim(...tree.claimOf(bob.address)))
              .to.be.revertedWithCustomError(rewards, "ClaimExceedsAllocation")
              .withArgs(12n, 10n),
        );
        await expectSolvent(rewards, token);
      });
    });

    describe("in a batch", function () {
      it("pays every claim of the batch and returns the total", async function () {
        const { rewards, token, tree, alice, bob, carol, stranger, epoch } = await loadFixture(deployWithAcceptedRoot);
        const claims = [alice, bob, carol].map((s) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(s.address);
          return { account, cumulativeAmount, proof };
        });
        expect(await rewards.connect(stranger).claimMany.staticCall(claims)).to.deep.equal([tree.total, 0n]);
        const tx = await rewards.connect(stranger).claimMany(claims);
        for (const claim of claims) {
          await expect(tx)
            .to.emit(rewards, "Claimed")
            .withArgs(epoch, claim.account, claim.cumulativeAmount, claim.cumulativeAmount);
        }
        await expect(tx).to.changeTokenBalances(
          token,
          [rewards, alice, bob, carol],
          [-tree.total, ethers.parseEther("10"), ethers.parseEther("20"), ethers.parseEther("5")],
        );
        expect(await rewards.totalClaimed()).to.equal(tree.total);
        await expectSolvent(rewards, token);
      });

      it("reverts as a whole when any claim is malformed", async function () {
        const { rewards, token, tree, alice, bob, carol } = await loadFixture(deployWithAcceptedRoot);
        const good = (address: string) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(address);
          return { account, cumulativeAmount, proof };
        };
        // More than the leaf says: the proof does not show it.
        const bad = { ...good(carol.address), cumulativeAmount: ethers.parseEther("6") };
        await expectUnchanged(
          () => ledger(rewards, token, [alice, bob, carol]),
          () =>
            expect(rewards.claimMany([good(alice.address), good(bob.address), bad]))
              .to.be.revertedWithCustomError(rewards, "InvalidProof")
              .withArgs(carol.address, ethers.parseEther("6")),
        );
      });

      it("skips an entry already paid, or repeated, pays the rest and reports the skipped ones", async function () {
        const { rewards, token, tree, alice, bob, carol, stranger, epoch } = await loadFixture(deployWithAcceptedRoot);
        const good = (address: string) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(address);
          return { account, cumulativeAmount, proof };
        };
        await rewards.claim(...tree.claimOf(bob.address));
        const claims = [good(alice.address), good(alice.address), good(bob.address), good(carol.address)];
        const paid = ethers.parseEther("15");
        expect(await rewards.connect(stranger).claimMany.staticCall(claims)).to.deep.equal([paid, 2n]);
        const tx = await rewards.connect(stranger).claimMany(claims);
        await expect(tx)
          .to.emit(rewards, "ClaimSkipped")
          .withArgs(epoch, alice.address, ethers.parseEther("10"))
          .and.to.emit(rewards, "ClaimSkipped")
          .withArgs(epoch, bob.address, ethers.parseEther("20"));
        await expect(tx).to.changeTokenBalances(
          token,
          [rewards, alice, bob, carol],
          [-paid, ethers.parseEther("10"), 0n, ethers.parseEther("5")],
        );
        expect(await rewards.totalClaimed()).to.equal(tree.total);
        await expectSolvent(rewards, token);
      });

      it("still refuses a single claim already paid with NothingToClaim", async function () {
        const { rewards, token, tree, alice } = await loadFixture(deployWithAcceptedRoot);
        await rewards.claim(...tree.claimOf(alice.address));
        await expectUnchanged(
          () => ledger(rewards, token, [alice]),
          () =>
            expect(rewards.claim(...tree.claimOf(alice.address)))
              .to.be.revertedWithCustomError(rewards, "NothingToClaim")
              .withArgs(alice.address, ethers.parseEther("10"), ethers.parseEther("10")),
        );
      });

      it("refuses an empty batch and one longer than 200 claims", async function () {
        const { rewards, token, tree, alice } = await loadFixture(deployWithAcceptedRoot);
        const [account, cumulativeAmount, proof] = tree.claimOf(alice.address);
        const oversized = Array.from({ length: 201 }, () => ({ account, cumulativeAmount, proof }));
        await expectUnchanged(
          () => ledger(rewards, token, [alice]),
          async () => {
            await expect(rewards.claimMany([]))
              .to.be.revertedWithCustomError(rewards, "BadBatchLength")
              .withArgs(0n, 200n);
            await expect(rewards.claimMany(oversized))
              .to.be.revertedWithCustomError(rewards, "BadBatchLength")
              .withArgs(201n, 200n);
          },
        );
      });

      it("accepts a batch of exactly 200 claims, the most one batch takes, and pays each", async function () {
        const { rewards, token, attributor, stranger } = await loadFixture(deployFunded);
        const accounts = Array.from({ length: 200 }, () => ethers.Wallet.createRandom().address);
        const tree = new Entitlements(accounts.map((account, i) => [account, BigInt(i + 1)] as const));
        await postAndAccept(rewards, attributor, tree);
        const claims = accounts.map((address) => {
          const [account, cumulativeAmount, proof] = tree.claimOf(address);
          return { account, cumulativeAmount, proof };
        });
        expect(await rewards.MAX_BATCH_CLAIMS()).to.equal(BigInt(claims.length));
        expect(await rewards.connect(stranger).claimMany.staticCall(claims)).to.deep.equal([tree.total, 0n]);
        await expect(rewards.connect(stranger).claimMany(claims)).to.changeTokenBalance(token, rewards, -tree.total);
        expect(await rewards.totalClaimed()).to.equal(tree.total);
        expect(await token.balanceOf(accounts[199])).to.equal(200n);
        expect(await rewards.claimed(accounts[0])).to.equal(1n);
        await expectSolvent(rewards, token);
      });

      it("refuses a batch before any root has been accepted", async function () {
        const { rewards, alice, token } = await loadFixture(deployFunded);
        const state = () => ledger(rewards, token, []);
        await expectUnchanged(state, () =>
          expect(
            rewards.claimMany([{ account: alice.address, cumulativeAmount: 1n, proof: [] }]),
          ).to.be.revertedWithCustomError(rewards, "NoAcceptedRoot"),
        );
      });
    });
  });
});
