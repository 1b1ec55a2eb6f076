// Datanet: contributing in two steps (commit, then reveal), and the authorship theft it stops: a copier who sees a
// pending submission and resubmits its hash with a higher fee can neither take its authorship nor make it revert.
import { expect } from "chai";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  commitTo,
  contentHash,
  contribute,
  datanetState,
  deployDatanet,
  expectUnchangedIn,
  MAX_BATCH,
  salt,
  STAKE,
  Status,
  type DatanetFixture,
} from "./fixtures";
import { race, tip } from "./race";
import { expectUnchanged } from "../helpers/snapshot";

/** What a copier holds: its OPEN, and every hash of the datanet it holds as a pending or approved contributor. */
async function holdings(f: DatanetFixture, who: string, labels: string[]) {
  const held = [];
  for (const label of labels) {
    const id = await f.datanet.contributionByHash(1n, contentHash(label));
    held.push(id === 0n ? false : (await f.datanet.getContribution(id)).contributor === who);
  }
  return { open: await f.token.balanceOf(who), held };
}

describe("Datanet", function () {
  describe("commit and reveal", function () {
    it("records a commitment, reveals it a block later and stakes for it", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, datanetAddress, alice } = f;
      const { input, commitment } = await commitTo(f, alice, "a");
      const recorded = await datanet.getCommitment(commitment);
      expect(recorded.blockNumber).to.equal(BigInt(await ethers.provider.getBlockNumber()));
      const tx = datanet.connect(alice).reveal(1n, [input]);
      await expect(tx)
        .to.emit(datanet, "ContributionSubmitted")
        .withArgs(1n, 1n, alice.address, input.contentHash, input.sizeBytes, "");
      await expect(tx).to.changeTokenBalances(token, [alice, datanetAddress], [-STAKE, STAKE]);
      expect(await datanet.contributionByHash(1n, input.contentHash)).to.equal(1n);
      expect((await datanet.getCommitment(commitment)).timestamp).to.equal(0n); // spent
      expect(await datanet.totalStaked()).to.equal(STAKE);
    });

    it("computes the commitment as keccak256(abi.encode(datanetId, contentHash, contributor, salt))", async function () {
      const { datanet, alice } = await loadFixture(deployDatanet);
      const coder = ethers.AbiCoder.defaultAbiCoder();
      const args = [1n, contentHash("a"), alice.address, salt("a")] as const;
      const expected = ethers.keccak256(coder.encode(["uint256", "bytes32", "address", "bytes32"], [...args]));
      expect(await datanet.commitmentFor(...args)).to.equal(expected);
    });

    it("stops authorship theft by a one-step copy: a copier outbidding the reveal is displaced and gains nothing", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob } = f;
      const { input } = await commitTo(f, alice, "a");
      let raced: Awaited<ReturnType<typeof race>> = [];
      await expectUnchanged(
        () => holdings(f, bob.address, ["a"]),
        async () => {
          raced = await race([
            () => datanet.connect(alice).reveal(1n, [input], tip(1n)),
            () => datanet.connect(bob).contribute(1n, input.contentHash, input.sizeBytes, "", tip(100n)),
          ]);
        },
      );
      const [reveal, copy] = raced;
      expect(copy.index).to.be.lessThan(reveal.index); // the copy landed first, and still lost
      expect(copy.receipt).to.not.equal(null);
      expect(reveal.receipt).to.not.equal(null);
      const id = await datanet.contributionByHash(1n, input.contentHash);
      expect((await datanet.getContribution(id)).contributor).to.equal(alice.address);
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Displaced);
      expect(await datanet.totalStaked()).to.equal(STAKE);
    });

    it("stops authorship theft by a later commitment: its reveal is skipped, even when it lands first", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob } = f;
      const { input } = await commitTo(f, alice, "a");
      // The copier commits in the block that carries the victim's reveal, then reveals with a higher fee.
      const copied = { ...input, salt: salt("copy") };
      const copyCommitment = await datanet.commitmentFor(1n, input.contentHash, bob.address, copied.salt);
      await expectUnchanged(
        () => holdings(f, bob.address, ["a"]),
        async () => {
          await race([
            () => datanet.connect(alice).reveal(1n, [input], tip(1n)),
            () => datanet.connect(bob).commit([copyCommitment], tip(100n)),
          ]);
          const [skipped] = await race([() => datanet.connect(bob).reveal(1n, [copied], tip(100n))]);
          expect(skipped.receipt).to.not.equal(null);
        },
      );
      expect((await datanet.getContribution(1n)).contributor).to.equal(alice.address);
      expect(await datanet.contributionCount()).to.equal(1n);
    });

    it("takes the hash back from a copier whose reveal was mined first: the earlier commitment displaces it", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, alice, bob } = f;
      const { input } = await commitTo(f, alice, "a");
      const { input: copied } = await commitTo(f, bob, "a"); // a later block: bob saw the data somewhere
      await time.increase(60);
      await datanet.connect(bob).reveal(1n, [copied]); // lands first
      const bobBefore = await token.balanceOf(bob.address);
      await expect(datanet.connect(alice).reveal(1n, [input]))
        .to.emit(datanet, "ContributionDisplaced")
        .withArgs(1n, 1n, bob.address, 2n);
      expect(await token.balanceOf(bob.address)).to.equal(bobBefore + STAKE);
      expect(await datanet.contributionByHash(1n, input.contentHash)).to.equal(2n);
      expect(await token.balanceOf(f.datanetAddress)).to.equal(STAKE);
    });

    it("keeps an approved contribution: a reveal with an older commitment is skipped and says so", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, token, curator, alice, bob } = f;
      const { input } = await commitTo(f, alice, "a");
      await contribute(f, bob, "a");
      await datanet.connect(curator).approve(1n, 5_000);
      const aliceBefore = await token.balanceOf(alice.address);
      await expect(datanet.connect(alice).reveal(1n, [input]))
        .to.emit(datanet, "RevealSkipped")
        .withArgs(1n, input.contentHash, alice.address, 1n);
      expect(await token.balanceOf(alice.address)).to.equal(aliceBefore);
      expect(await datanet.contributionCount()).to.equal(1n);
    });

    it("stops one copied hash from reverting a batch: every revealed item stays the victim's", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob } = f;
      const labels = ["a", "b", "c"];
      const inputs = labels.map((l) => ({
        contentHash: contentHash(l),
        sizeBytes: 1000n,
        salt: salt(l),
        pointerURI: "",
      }));
      const commitments = await Promise.all(
        inputs.map((i) => datanet.commitmentFor(1n, i.contentHash, alice.address, i.salt)),
      );
      await datanet.connect(alice).commit(commitments);
      let raced: Awaited<ReturnType<typeof race>> = [];
      await expectUnchanged(
        () => holdings(f, bob.address, labels),
        async () => {
          raced = await race([
            () => datanet.connect(alice).reveal(1n, inputs, tip(1n)),
            () => datanet.connect(bob).contribute(1n, inputs[1].contentHash, 1000n, "", tip(100n)),
          ]);
        },
      );
      expect(raced[0].receipt).to.not.equal(null);
      for (const i of inputs) {
        const id = await datanet.contributionByHash(1n, i.contentHash);
        expect((await datanet.getContribution(id)).contributor).to.equal(alice.address);
      }
      expect(await datanet.totalStaked()).to.equal(STAKE * 3n);
    });

    it("makes a copied commitment useless: committing it first neither reverts the victim's commit nor lets the copier reveal", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, bob } = f;
      const input = { contentHash: contentHash("a"), sizeBytes: 1000n, salt: salt("a"), pointerURI: "" };
      const commitment = await datanet.commitmentFor(1n, input.contentHash, alice.address, input.salt);
      const [copy, own] = await race([
        () => datanet.connect(bob).commit([commitment], tip(100n)),
        () => datanet.connect(alice).commit([commitment], tip(1n)),
      ]);
      expect([copy.receipt, own.receipt].every((r) => r !== null)).to.equal(true);
      const bound = await datanet.commitmentFor(1n, input.contentHash, bob.address, input.salt);
      await expectUnchangedIn(f, async () => {
        await expect(datanet.connect(bob).reveal(1n, [input]))
          .to.be.revertedWithCustomError(datanet, "UnknownCommitment")
          .withArgs(bound);
      });
      await datanet.connect(alice).reveal(1n, [input]);
      expect((await datanet.getContribution(1n)).contributor).to.equal(alice.address);
    });

    it("skips a repeated live commitment in a batch, keeping the earliest record", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice } = f;
      const { commitment } = await commitTo(f, alice, "a");
      const first = await datanet.getCommitment(commitment);
      const tx = datanet.connect(alice).commit([commitment, commitment]);
      await expect(tx).to.not.emit(datanet, "Committed");
      expect(await datanet.getCommitment(commitment)).to.deep.equal(first);
    });

    it("records an expired commitment afresh when it is committed again", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice } = f;
      const { input, commitment } = await commitTo(f, alice, "a");
      await time.increase((await datanet.REVEAL_WINDOW()) + 1n);
      await expect(datanet.connect(alice).commit([commitment])).to.emit(datanet, "Committed");
      await datanet.connect(alice).reveal(1n, [input]);
      expect(await datanet.contributionCount()).to.equal(1n);
    });
  });

  describe("commit and reveal: bad input", function () {
    const state = (f: DatanetFixture, commitment: string) => async () => ({
      datanet: await datanetState(f),
      commitment: await f.datanet.getCommitment(commitment),
    });

    it("refuses an empty or oversized commit batch and a zero commitment", async function () {
      const f = await loadFixture(deployDatanet);
      const oversized = Array.from({ length: Number(MAX_BATCH) + 1 }, (_, i) => ethers.id(`c-${i}`));
      await expectUnchanged(state(f, oversized[0]), async () => {
        await expect(f.datanet.connect(f.alice).commit([]))
          .to.be.revertedWithCustomError(f.datanet, "BadBatchLength")
          .withArgs(0n, MAX_BATCH);
        await expect(f.datanet.connect(f.alice).commit(oversized))
          .to.be.revertedWithCustomError(f.datanet, "BadBatchLength")
          .withArgs(MAX_BATCH + 1n, MAX_BATCH);
        await expect(f.datanet.connect(f.alice).commit([oversized[0], ethers.ZeroHash])).to.be.revertedWithCustomError(
          f.datanet,
          "ZeroCommitment",
        );
      });
    });

    it("refuses an empty or oversized reveal batch and an unknown datanet", async function () {
      const f = await loadFixture(deployDatanet);
      const { input, commitment } = await commitTo(f, f.alice, "a");
      const oversized = Array.from({ length: Number(MAX_BATCH) + 1 }, () => input);
      await expectUnchanged(state(f, commitment), async () => {
        await expect(f.datanet.connect(f.alice).reveal(1n, []))
          .to.be.revertedWithCustomError(f.datanet, "BadBatchLength")
          .withArgs(0n, MAX_BATCH);
        await expect(f.datanet.connect(f.alice).reveal(1n, oversized))
          .to.be.revertedWithCustomError(f.datanet, "BadBatchLength")
          .withArgs(MAX_BATCH + 1n, MAX_BATCH);
        for (const id of [0n, 2n]) {
          await expect(f.datanet.connect(f.alice).reveal(id, [input]))
            .to.be.revertedWithCustomError(f.datanet, "UnknownDatanet")
            .withArgs(id);
        }
      });
    });

    it("refuses a reveal with the wrong salt, by the wrong sender, or for another datanet", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, owner, alice, bob } = f;
      await datanet.connect(owner).createDatanet("", STAKE, owner.address, 3600n);
      const { input, commitment } = await commitTo(f, alice, "a");
      const cases = [
        { who: alice, datanetId: 1n, input: { ...input, salt: salt("other") } },
        { who: bob, datanetId: 1n, input },
        { who: alice, datanetId: 2n, input },
        { who: alice, datanetId: 1n, input: { ...input, contentHash: contentHash("b") } },
      ];
      await expectUnchanged(state(f, commitment), async () => {
        for (const c of cases) {
          const bound = await datanet.commitmentFor(c.datanetId, c.input.contentHash, c.who.address, c.input.salt);
          await expect(datanet.connect(c.who).reveal(c.datanetId, [c.input]))
            .to.be.revertedWithCustomError(datanet, "UnknownCommitment")
            .withArgs(bound);
        }
      });
    });

    it("refuses a reveal in the commitment's own block, so nobody commits after seeing a reveal", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice } = f;
      const input = { contentHash: contentHash("a"), sizeBytes: 1000n, salt: salt("a"), pointerURI: "" };
      const commitment = await datanet.commitmentFor(1n, input.contentHash, alice.address, input.salt);
      await network.provider.send("evm_setAutomine", [false]);
      try {
        await datanet.connect(alice).commit([commitment], tip(1n));
        // The pending block holds the commit: a reveal in that same block is refused.
        const block = BigInt(await ethers.provider.getBlockNumber()) + 1n;
        await expect(datanet.connect(alice).reveal.staticCall(1n, [input], { blockTag: "pending" }))
          .to.be.revertedWithCustomError(datanet, "RevealTooEarly")
          .withArgs(commitment, block);
        await network.provider.send("evm_mine", []);
      } finally {
        await network.provider.send("evm_setAutomine", [true]);
      }
      await datanet.connect(alice).reveal(1n, [input]);
      expect(await datanet.contributionCount()).to.equal(1n);
    });

    it("refuses a reveal after the reveal window, naming when it ended", async function () {
      const f = await loadFixture(deployDatanet);
      const { input, commitment } = await commitTo(f, f.alice, "a");
      const { timestamp } = await f.datanet.getCommitment(commitment);
      const endsAt = timestamp + (await f.datanet.REVEAL_WINDOW());
      await time.increaseTo(endsAt + 1n);
      await expectUnchanged(state(f, commitment), async () => {
        await expect(f.datanet.connect(f.alice).reveal(1n, [input]))
          .to.be.revertedWithCustomError(f.datanet, "CommitmentExpired")
          .withArgs(commitment, endsAt);
      });
    });

    it("refuses a revealed zero hash or zero size, and a stake the revealer cannot pay", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, alice, carol } = f;
      const zeroHash = { contentHash: ethers.ZeroHash, sizeBytes: 1n, salt: salt("z"), pointerURI: "" };
      const zeroSize = { contentHash: contentHash("s"), sizeBytes: 0n, salt: salt("s"), pointerURI: "" };
      const unpaid = { contentHash: contentHash("u"), sizeBytes: 1n, salt: salt("u"), pointerURI: "" };
      for (const [who, i] of [
        [alice, zeroHash],
        [alice, zeroSize],
        [carol, unpaid],
      ] as const) {
        await datanet.connect(who).commit([await datanet.commitmentFor(1n, i.contentHash, who.address, i.salt)]);
      }
      await expectUnchangedIn(f, async () => {
        await expect(datanet.connect(alice).reveal(1n, [zeroHash])).to.be.revertedWithCustomError(
          datanet,
          "ZeroContentHash",
        );
        await expect(datanet.connect(alice).reveal(1n, [zeroSize])).to.be.revertedWithCustomError(datanet, "ZeroSize");
        await expect(datanet.connect(carol).reveal(1n, [unpaid])).to.be.revertedWithCustomError(
          f.token,
          "ERC20InsufficientAllowance",
        );
      });
    });
  });
});
