// The reader of what only the Datanet's events hold: submissions (one by one or in a batch) and approved indexes.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deploySuite } from "../../src/chain/deploy";
import { approvedIndexOf, readSubmission, readSubmissions } from "../../src/read/submissions";

/** Two datanets; alice contributes one to each and a batch of two to the first; bob one to the first. */
async function submitted() {
  const [deployer, alice, bob] = await ethers.getSigners();
  const { token, datanet } = await deploySuite(hre);
  for (const account of [alice, bob]) {
    await token.transfer(account.address, ethers.parseEther("10"));
    await token.connect(account).approve(datanet, ethers.MaxUint256);
  }
  for (const uri of ["ipfs://one", "ipfs://two"]) {
    await datanet.createDatanet(uri, 1n, deployer.address, await datanet.MIN_REVIEW_PERIOD());
  }
  await datanet.setCurator(1n, deployer.address, true);
  await datanet.connect(alice).contribute(1n, ethers.id("a"), 10n, "ar://a"); // 1
  await datanet.connect(bob).contribute(1n, ethers.id("b"), 20n, ""); // 2
  const batch = [
    { contentHash: ethers.id("c"), sizeBytes: 30n, pointerURI: "ar://c" },
    { contentHash: ethers.id("d"), sizeBytes: 40n, pointerURI: "" },
  ];
  await datanet.connect(alice).contributeBatch(1n, batch); // 3, 4
  await datanet.connect(alice).contribute(2n, ethers.id("e"), 50n, ""); // 5
  await datanet.approve(4n, 100);
  await datanet.approve(1n, 100);
  return { datanet, alice, bob };
}

describe("submission reader", function () {
  it("reads every submission in id order, single or batched, with its datanet, contributor, hash, size and pointer", async function () {
    const { datanet, alice, bob } = await loadFixture(submitted);
    const all = await readSubmissions(datanet);
    expect(all.map((s) => [s.contributionId, s.datanetId, s.contributor, s.sizeBytes, s.pointerURI])).to.deep.equal([
      [1n, 1n, alice.address, 10n, "ar://a"],
      [2n, 1n, bob.address, 20n, ""],
      [3n, 1n, alice.address, 30n, "ar://c"],
      [4n, 1n, alice.address, 40n, ""],
      [5n, 2n, alice.address, 50n, ""],
    ]);
    expect(all.map((s) => s.contentHash)).to.deep.equal(["a", "b", "c", "d", "e"].map((l) => ethers.id(l)));
  });

  it("narrows to one datanet, one contributor, or both", async function () {
    const { datanet, alice, bob } = await loadFixture(submitted);
    const ids = async (filter: Parameters<typeof readSubmissions>[1]) =>
      (await readSubmissions(datanet, filter)).map((s) => s.contributionId);
    expect(await ids({ datanetId: 1n })).to.deep.equal([1n, 2n, 3n, 4n]);
    expect(await ids({ contributor: alice.address })).to.deep.equal([1n, 3n, 4n, 5n]);
    expect(await ids({ datanetId: 1n, contributor: bob.address })).to.deep.equal([2n]);
    expect(await ids({ datanetId: 2n, contributor: bob.address })).to.deep.equal([]);
  });

  it("reads one submission by id, whether it came alone or in a batch", async function () {
    const { datanet, alice } = await loadFixture(submitted);
    expect(await readSubmission(datanet, 1n)).to.deep.equal({
      contributionId: 1n,
      datanetId: 1n,
      contributor: alice.address,
      contentHash: ethers.id("a"),
      sizeBytes: 10n,
      pointerURI: "ar://a",
    });
    expect(await readSubmission(datanet, 4n)).to.deep.include({ contentHash: ethers.id("d"), sizeBytes: 40n });
    await expect(readSubmission(datanet, 6n)).to.be.rejectedWith("UnknownContribution");
  });

  it("gives an approved contribution's index in the approved list, and none before approval", async function () {
    const { datanet } = await loadFixture(submitted);
    expect(await approvedIndexOf(datanet, 4n)).to.equal(0);
    expect(await approvedIndexOf(datanet, 1n)).to.equal(1);
    expect(await approvedIndexOf(datanet, 2n)).to.equal(undefined);
  });
});
