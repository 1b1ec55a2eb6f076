// Datanet: staked contributions, plain, with a permit and in a batch.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { signPermit, type PermitSignature } from "../helpers/permit";
import {
  batchInputs,
  contentHash,
  contribute,
  contributionOf,
  contributionsOf,
  type DatanetFixture,
  deployDatanet,
  expectUnchangedIn,
  MAX_BATCH,
  passReviewPeriod,
  POINTER_URI,
  REVIEW_PERIOD,
  STAKE,
  Status,
  submittedTo,
} from "./fixtures";

describe("Datanet", function () {
  describe("contributing", function () {
    it("records the contribution, locks the stake and announces it", async function () {
      const { token, datanet, datanetAddress, alice } = await loadFixture(deployDatanet);
      const hash = contentHash("alpha");
      const tx = datanet.connect(alice).contribute(1n, hash, 1234n, POINTER_URI);
      await expect(tx)
        .to.emit(datanet, "ContributionSubmitted")
        .withArgs(1n, 1n, alice.address, hash, 1234n, POINTER_URI);
      await expect(tx).to.changeTokenBalances(token, [alice, datanetAddress], [-STAKE, STAKE]);
      const c = await contributionOf(datanet, 1n);
      expect(c.datanetId).to.equal(1n);
      expect(c.contributor).to.equal(alice.address);
      expect(c.contentHash).to.equal(hash);
      expect(c.sizeBytes).to.equal(1234n);
      expect(c.submittedAt).to.equal(BigInt(await time.latest()));
      expect(c.qualityBps).to.equal(0n);
      expect(c.status).to.equal(Status.Pending);
      expect(c.approvedIndex).to.equal(0n);
      expect(c.stake).to.equal(STAKE);
      expect(c.pointerURI).to.equal(POINTER_URI);
      expect(await datanet.totalStaked()).to.equal(STAKE);
      expect(await datanet.contributionCount()).to.equal(1n);
      expect(await submittedTo(datanet, 1n)).to.equal(1n);
      expect(await datanet.contributionByHash(1n, hash)).to.equal(1n);
      expect(await contributionsOf(datanet, alice.address)).to.deep.equal([1n]);
    });

    it("returns the new contribution's id", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "first");
      expect(await f.datanet.connect(f.bob).contribute.staticCall(1n, contentHash("b"), 1n, "")).to.equal(2n);
    });

    it("announces a long pointer URI and an empty one as given", async function () {
      const { datanet, alice } = await loadFixture(deployDatanet);
      const longURI = "ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi/part-00017.parquet";
      await datanet.connect(alice).contribute(1n, contentHash("long"), 1n, longURI);
      await datanet.connect(alice).contribute(1n, contentHash("none"), 1n, "");
      expect((await contributionOf(datanet, 1n)).pointerURI).to.equal(longURI);
      expect((await contributionOf(datanet, 2n)).pointerURI).to.equal("");
    });

    it("pins each contribution's stake to its own datanet's stake at submission", async function () {
      const { datanet, alice, bob } = await loadFixture(deployDatanet);
      const otherStake = ethers.parseEther("2.5");
      await datanet.connect(bob).createDatanet("", otherStake, bob.address, REVIEW_PERIOD);
      await datanet.connect(alice).contribute(1n, contentHash("x"), 1n, "");
      await datanet.connect(alice).contribute(2n, contentHash("x"), 1n, "");
      expect((await datanet.getContribution(1n)).stake).to.equal(STAKE);
      expect((await datanet.getContribution(2n)).stake).to.equal(otherStake);
      expect(await datanet.totalStaked()).to.equal(STAKE + otherStake);
    });

    it("accepts the same content hash in another datanet", async function () {
      const { datanet, alice, bob } = await loadFixture(deployDatanet);
      await datanet.connect(bob).createDatanet("", STAKE, bob.address, REVIEW_PERIOD);
      await datanet.connect(alice).contribute(1n, contentHash("shared"), 1n, "");
      await datanet.connect(bob).contribute(2n, contentHash("shared"), 1n, "");
      expect(await datanet.contributionByHash(1n, contentHash("shared"))).to.equal(1n);
      expect(await datanet.contributionByHash(2n, contentHash("shared"))).to.equal(2n);
    });

    it("refuses an unknown datanet", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        for (const id of [0n, 2n]) {
          await expect(f.datanet.connect(f.alice).contribute(id, contentHash("a"), 1n, ""))
            .to.be.revertedWithCustomError(f.datanet, "UnknownDatanet")
            .withArgs(id);
        }
      });
    });

    it("refuses a zero content hash", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).contribute(1n, ethers.ZeroHash, 1n, "")).to.be.revertedWithCustomError(
          f.datanet,
          "ZeroContentHash",
        );
      });
    });

    it("refuses a size of zero bytes", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).contribute(1n, contentHash("a"), 0n, "")).to.be.revertedWithCustomError(
          f.datanet,
          "ZeroSize",
        );
      });
    });

    it("refuses a content hash that is already pending in the datanet, whoever sends it", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "dup");
      await expectUnchangedIn(f, async () => {
        for (const who of [f.alice, f.bob]) {
          await expect(f.datanet.connect(who).contribute(1n, contentHash("dup"), 1n, ""))
            .to.be.revertedWithCustomError(f.datanet, "DuplicateContent")
            .withArgs(1n, contentHash("dup"));
        }
      });
    });

    it("refuses a content hash that is already approved in the datanet", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.alice, "dup");
      await f.datanet.connect(f.curator).approve(1n, 9000);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.bob).contribute(1n, contentHash("dup"), 1n, ""))
          .to.be.revertedWithCustomError(f.datanet, "DuplicateContent")
          .withArgs(1n, contentHash("dup"));
      });
    });

    it("accepts a content hash again after its contribution was rejected (cooldown over) or withdrawn", async function () {
      const f = await loadFixture(deployDatanet);
      const { datanet, curator, alice, bob } = f;
      await contribute(f, alice, "again");
      await datanet.connect(curator).reject(1n);
      expect(await datanet.contributionByHash(1n, contentHash("again"))).to.equal(0n);
      await time.increase(await datanet.RESUBMISSION_COOLDOWN());
      await contribute(f, bob, "again");
      expect(await datanet.contributionByHash(1n, contentHash("again"))).to.equal(2n);
      await passReviewPeriod();
      await datanet.connect(bob).withdraw(2n);
      expect(await datanet.contributionByHash(1n, contentHash("again"))).to.equal(0n);
      await contribute(f, alice, "again");
      expect(await datanet.contributionByHash(1n, contentHash("again"))).to.equal(3n);
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Rejected);
      expect((await datanet.getContribution(2n)).status).to.equal(Status.Withdrawn);
    });

    it("fails with the token's error when the stake is not approved", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.carol).contribute(1n, contentHash("a"), 1n, ""))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
          .withArgs(f.datanetAddress, 0n, STAKE);
      });
    });

    it("fails with the token's error when the balance is below the stake", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.dave).contribute(1n, contentHash("a"), 1n, ""))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
          .withArgs(f.dave.address, 0n, STAKE);
      });
    });
  });

  describe("contributing with a permit", function () {
    it("contributes in one transaction with a permit instead of an approval", async function () {
      const { token, datanet, datanetAddress, carol } = await loadFixture(deployDatanet);
      const sig = await signPermit(token, carol, datanetAddress, STAKE);
      const permit = { value: STAKE, ...sig };
      const tx = datanet.connect(carol).contributeWithPermit(1n, contentHash("p"), 7n, POINTER_URI, permit);
      await expect(tx)
        .to.emit(datanet, "ContributionSubmitted")
        .withArgs(1n, 1n, carol.address, contentHash("p"), 7n, POINTER_URI);
      await expect(tx).to.changeTokenBalances(token, [carol, datanetAddress], [-STAKE, STAKE]);
      expect(await token.nonces(carol.address)).to.equal(1n);
      expect(await token.allowance(carol.address, datanetAddress)).to.equal(0n);
      expect((await datanet.getContribution(1n)).status).to.equal(Status.Pending);
    });

    it("still contributes when someone submitted the permit first", async function () {
      const { token, datanet, datanetAddress, carol, outsider } = await loadFixture(deployDatanet);
      const sig = await signPermit(token, carol, datanetAddress, STAKE);
      await token.connect(outsider).permit(carol.address, datanetAddress, STAKE, sig.deadline, sig.v, sig.r, sig.s);
      const tx = datanet.connect(carol).contributeWithPermit(1n, contentHash("p"), 7n, "", { value: STAKE, ...sig });
      await expect(tx).to.emit(datanet, "ContributionSubmitted");
      await expect(tx).to.changeTokenBalances(token, [carol, datanetAddress], [-STAKE, STAKE]);
      expect(await datanet.totalStaked()).to.equal(STAKE);
    });

    /** carol's contribution paid with a permit of `value` fails, naming the allowance it left, and changes nothing. */
    async function expectPermitFailed(f: DatanetFixture, sig: PermitSignature, value: bigint, allowance: bigint) {
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.carol).contributeWithPermit(1n, contentHash("p"), 1n, "", { value, ...sig }))
          .to.be.revertedWithCustomError(f.datanet, "PermitFailed")
          .withArgs(f.carol.address, allowance, STAKE);
      });
    }

    it("refuses an expired permit", async function () {
      const f = await loadFixture(deployDatanet);
      const deadline = BigInt(await time.latest()) - 1n;
      await expectPermitFailed(f, await signPermit(f.token, f.carol, f.datanetAddress, STAKE, { deadline }), STAKE, 0n);
    });

    it("refuses a permit signed by someone other than the contributor", async function () {
      const f = await loadFixture(deployDatanet);
      await expectPermitFailed(f, await signPermit(f.token, f.bob, f.datanetAddress, STAKE), STAKE, 0n);
    });

    it("refuses a permit for less than the stake, naming the allowance it left", async function () {
      const f = await loadFixture(deployDatanet);
      const value = STAKE - 1n;
      // the permit's allowance is rolled back with the rest
      await expectPermitFailed(f, await signPermit(f.token, f.carol, f.datanetAddress, value), value, value);
    });

    it("contributes a batch with one permit for the total stake", async function () {
      const { token, datanet, datanetAddress, carol } = await loadFixture(deployDatanet);
      const total = STAKE * 3n;
      const sig = await signPermit(token, carol, datanetAddress, total);
      const tx = datanet.connect(carol).contributeBatchWithPermit(1n, batchInputs("p", 3), { value: total, ...sig });
      await expect(tx).to.changeTokenBalances(token, [carol, datanetAddress], [-total, total]);
      expect(await contributionsOf(datanet, carol.address)).to.deep.equal([1n, 2n, 3n]);
    });

    it("refuses a batch whose permit covers less than the total stake", async function () {
      const f = await loadFixture(deployDatanet);
      const sig = await signPermit(f.token, f.carol, f.datanetAddress, STAKE * 2n);
      await expectUnchangedIn(f, async () => {
        await expect(
          f.datanet.connect(f.carol).contributeBatchWithPermit(1n, batchInputs("p", 3), { value: STAKE * 2n, ...sig }),
        )
          .to.be.revertedWithCustomError(f.datanet, "PermitFailed")
          .withArgs(f.carol.address, STAKE * 2n, STAKE * 3n);
      });
    });
  });

  describe("contributing in a batch", function () {
    it("records every item with consecutive ids, announces them in one event and pulls the total stake in one transfer", async function () {
      const { token, datanet, datanetAddress, alice } = await loadFixture(deployDatanet);
      await datanet.connect(alice).contribute(1n, contentHash("before"), 1n, "");
      const inputs = batchInputs("batch", 3, POINTER_URI);
      expect(await datanet.connect(alice).contributeBatch.staticCall(1n, inputs)).to.equal(2n);
      const tx = datanet.connect(alice).contributeBatch(1n, inputs);
      const asTuples = inputs.map((input) => [input.contentHash, input.sizeBytes, input.pointerURI]);
      await expect(tx).to.emit(datanet, "ContributionsSubmitted").withArgs(1n, alice.address, 2n, asTuples);
      await expect(tx).to.changeTokenBalances(token, [alice, datanetAddress], [-STAKE * 3n, STAKE * 3n]);
      const receipt = await (await tx).wait();
      const transfers = receipt!.logs.filter((log) => token.interface.parseLog(log)?.name === "Transfer");
      expect(transfers).to.have.length(1);
      const names = receipt!.logs.map((log) => datanet.interface.parseLog(log)?.name).filter(Boolean);
      expect(names).to.deep.equal(["ContributionsSubmitted"]);
      for (const [i, input] of inputs.entries()) {
        const c = await contributionOf(datanet, BigInt(i) + 2n);
        expect([c.contentHash, c.sizeBytes, c.stake, c.status]).to.deep.equal([
          input.contentHash,
          input.sizeBytes,
          STAKE,
          Status.Pending,
        ]);
      }
      expect(await datanet.totalStaked()).to.equal(STAKE * 4n);
      expect(await submittedTo(datanet, 1n)).to.equal(4n);
      expect(await contributionsOf(datanet, alice.address)).to.deep.equal([1n, 2n, 3n, 4n]);
    });

    it("accepts exactly MAX_BATCH items", async function () {
      const { datanet, alice } = await loadFixture(deployDatanet);
      await datanet.connect(alice).contributeBatch(1n, batchInputs("full", Number(MAX_BATCH)));
      const ids = Array.from({ length: Number(MAX_BATCH) }, (_, i) => BigInt(i) + 1n);
      expect(await datanet.contributionCount()).to.equal(MAX_BATCH);
      expect(await datanet.totalStaked()).to.equal(STAKE * MAX_BATCH);
      expect(await contributionsOf(datanet, alice.address)).to.deep.equal(ids);
    });

    it("refuses an empty batch and one longer than MAX_BATCH", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        for (const length of [0n, MAX_BATCH + 1n]) {
          await expect(f.datanet.connect(f.alice).contributeBatch(1n, batchInputs("b", Number(length))))
            .to.be.revertedWithCustomError(f.datanet, "BadBatchLength")
            .withArgs(length, MAX_BATCH);
        }
      });
    });

    it("refuses a batch that holds the same content hash twice, recording none of it", async function () {
      const f = await loadFixture(deployDatanet);
      const inputs = batchInputs("b", 3);
      inputs[2] = { ...inputs[2], contentHash: inputs[0].contentHash };
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).contributeBatch(1n, inputs))
          .to.be.revertedWithCustomError(f.datanet, "DuplicateContent")
          .withArgs(1n, inputs[0].contentHash);
      });
      expect(await f.datanet.contributionByHash(1n, inputs[0].contentHash)).to.equal(0n);
    });

    it("refuses a batch with a content hash already in the datanet", async function () {
      const f = await loadFixture(deployDatanet);
      await contribute(f, f.bob, "b-1");
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).contributeBatch(1n, batchInputs("b", 3)))
          .to.be.revertedWithCustomError(f.datanet, "DuplicateContent")
          .withArgs(1n, contentHash("b-1"));
      });
    });

    it("refuses a batch with a zero hash or a zero size in any position", async function () {
      const f = await loadFixture(deployDatanet);
      const zeroHash = batchInputs("b", 3);
      zeroHash[1] = { ...zeroHash[1], contentHash: ethers.ZeroHash };
      const zeroSize = batchInputs("b", 3);
      zeroSize[2] = { ...zeroSize[2], sizeBytes: 0n };
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).contributeBatch(1n, zeroHash)).to.be.revertedWithCustomError(
          f.datanet,
          "ZeroContentHash",
        );
        await expect(f.datanet.connect(f.alice).contributeBatch(1n, zeroSize)).to.be.revertedWithCustomError(
          f.datanet,
          "ZeroSize",
        );
      });
    });

    it("refuses a batch for an unknown datanet", async function () {
      const f = await loadFixture(deployDatanet);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.alice).contributeBatch(2n, batchInputs("b", 2)))
          .to.be.revertedWithCustomError(f.datanet, "UnknownDatanet")
          .withArgs(2n);
      });
    });

    it("fails with the token's error when the allowance or the balance is below the total stake", async function () {
      const f = await loadFixture(deployDatanet);
      await f.token.connect(f.bob).approve(f.datanetAddress, STAKE * 2n);
      await expectUnchangedIn(f, async () => {
        await expect(f.datanet.connect(f.bob).contributeBatch(1n, batchInputs("b", 3)))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientAllowance")
          .withArgs(f.datanetAddress, STAKE * 2n, STAKE * 3n);
        await expect(f.datanet.connect(f.dave).contributeBatch(1n, batchInputs("b", 3)))
          .to.be.revertedWithCustomError(f.token, "ERC20InsufficientBalance")
          .withArgs(f.dave.address, 0n, STAKE * 3n);
      });
    });
  });
});
