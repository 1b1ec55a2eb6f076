// The chain-backed settlement source reads, from logs in pages, exactly what the contracts' views say.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deploySuite } from "../../src/chain/deploy";
import { ChainSettlementSource, isSettlementSource, settlementSource } from "../../src/settlement/source";
import { readSubmission } from "../../src/read/submissions";

const STAKE = ethers.parseEther("1");

/** One datanet with two versions, a rejection and a pending contribution; one model; three paid inferences. */
async function world() {
  const [deployer, alice, bob, curator, payer] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const { token, datanet, models, rewards } = suite;
  for (const account of [alice, bob, payer]) await token.transfer(account.address, ethers.parseEther("100"));
  for (const account of [alice, bob]) await token.connect(account).approve(datanet, ethers.MaxUint256);
  await token.connect(payer).approve(rewards, ethers.MaxUint256);
  await datanet.createDatanet("ipfs://datanet", STAKE, deployer.address, await datanet.MIN_REVIEW_PERIOD());
  await datanet.createDatanet("ipfs://other", STAKE, deployer.address, await datanet.MIN_REVIEW_PERIOD());
  await datanet.setCurator(1n, curator.address, true);
  await datanet.setCurator(2n, curator.address, true);
  let n = 0;
  const contribute = async (who: typeof alice, datanetId: bigint) => {
    await datanet.connect(who).contribute(datanetId, ethers.id(`data ${n}`), 100 + n, "");
    n++;
    return datanet.contributionCount();
  };
  // Approved out of id order, so approval order and id order differ.
  const first = await contribute(alice, 1n);
  const second = await contribute(bob, 1n);
  await contribute(alice, 2n); // another datanet: not in datanet 1's versions, nor in its reputations
  await datanet.connect(curator).approve(second, 4_000);
  await datanet.connect(curator).approve(first, 9_000);
  await datanet.publishVersion(1n);
  const rejected = await contribute(bob, 1n);
  await datanet.connect(curator).reject(rejected);
  const third = await contribute(alice, 1n);
  await datanet.connect(curator).approve(third, 7_000);
  await contribute(bob, 1n); // pending
  await datanet.publishVersion(1n);

  const lineage = [{ datanetId: 1n, version: 2, weightBps: 10_000 }];
  const args = { metadataURI: "m", weightsHash: ethers.id("w"), supersedes: 0, feePerInference: 1_000n, lineage };
  await models.registerModel(args);
  for (let i = 0; i < 3; i++) await rewards.connect(payer).payInference(ethers.id(`inference ${i}`), 1n, 0n, 1_000n);
  return { suite, block: await ethers.provider.getBlockNumber() };
}

describe("ChainSettlementSource", function () {
  it("lists each version's approved contributions in approval order, as the contract's views do", async function () {
    const { suite, block } = await loadFixture(world);
    const { datanet } = suite;
    const source = new ChainSettlementSource(suite);
    for (const version of [1, 2]) {
      const read = await source.versionContributions(1n, version, block);
      const ids = await datanet.versionContributions(1n, version, 0, 100);
      expect(read.map((c) => c.contributionId)).to.deep.equal([...ids]);
      for (const record of read) {
        const c = await datanet.getContribution(record.contributionId);
        const submitted = await readSubmission(datanet, record.contributionId); // hash and size live in events
        const [approved, rejected] = await datanet.reputation(1n, c.contributor);
        expect(record).to.deep.equal({
          contributionId: record.contributionId,
          contributor: c.contributor,
          contentHash: submitted.contentHash,
          sizeBytes: submitted.sizeBytes,
          qualityBps: Number(c.qualityBps),
          approved: Number(approved),
          rejected: Number(rejected),
        });
      }
    }
    expect((await source.versionContributions(1n, 1, block)).map((c) => c.contributionId)).to.deep.equal([2n, 1n]);
  });

  it("reads a batch's contributions from its one ContributionsSubmitted event, each with its own hash and size", async function () {
    const [deployer, alice] = await ethers.getSigners();
    const suite = await deploySuite(hre);
    const { token, datanet } = suite;
    await token.transfer(alice.address, ethers.parseEther("10"));
    await token.connect(alice).approve(datanet, ethers.MaxUint256);
    await datanet.createDatanet("ipfs://datanet", STAKE, deployer.address, await datanet.MIN_REVIEW_PERIOD());
    await datanet.setCurator(1n, deployer.address, true);
    await datanet.connect(alice).contribute(1n, ethers.id("single"), 5n, "");
    const inputs = [7n, 8n, 9n].map((size) => ({
      contentHash: ethers.id(`item ${size}`),
      sizeBytes: size,
      pointerURI: "",
    }));
    await datanet.connect(alice).contributeBatch(1n, inputs); // ids 2, 3 and 4
    for (const [id, quality] of [
      [4n, 1_000],
      [1n, 2_000],
      [2n, 3_000],
    ] as const)
      await datanet.approve(id, quality);
    await datanet.publishVersion(1n);
    const read = await new ChainSettlementSource(suite).versionContributions(
      1n,
      1,
      await ethers.provider.getBlockNumber(),
    );
    expect(read.map((c) => [c.contributionId, c.contentHash, c.sizeBytes, c.qualityBps])).to.deep.equal([
      [4n, inputs[2].contentHash, 9n, 1_000],
      [1n, ethers.id("single"), 5n, 2_000],
      [2n, inputs[0].contentHash, 7n, 3_000],
    ]);
  });

  it("reads reputations as of the block asked, not as of now", async function () {
    const { suite } = await loadFixture(world);
    const source = new ChainSettlementSource(suite);
    const published = Number(
      (await suite.datanet.queryFilter(suite.datanet.filters.VersionPublished(1n, 1)))[0].blockNumber,
    );
    const read = await source.versionContributions(1n, 1, published);
    expect(read.map((c) => [c.approved, c.rejected])).to.deep.equal([
      [1, 0],
      [1, 0],
    ]);
  });

  it("reads the paid receipts in chain order with their data-pool amounts, and the lineage", async function () {
    const { suite, block } = await loadFixture(world);
    const source = settlementSource(suite);
    const receipts = await source.receipts(0, block);
    const events = await suite.rewards.queryFilter(suite.rewards.filters.InferencePaid(), 0, block);
    expect(receipts.map((r) => [r.inferenceId, r.modelId, r.agentId, r.dataPoolAmount, r.blockNumber])).to.deep.equal(
      events.map((e) => [
        e.args.inferenceId,
        e.args.modelId,
        e.args.agentId,
        e.args.split.dataPoolAmount,
        e.blockNumber,
      ]),
    );
    expect(receipts.length).to.equal(3);
    expect(await source.receipts(0, events[0].blockNumber - 1)).to.deep.equal([]);
    expect(await source.lineageOf(1n, block)).to.deep.equal([{ datanetId: 1n, version: 2, weightBps: 10_000 }]);
    expect(await source.chainId()).to.equal(31337);
    expect(await source.rewardsAddress()).to.equal(await suite.rewards.getAddress());
    expect(isSettlementSource(source)).to.equal(true);
    expect(isSettlementSource(suite)).to.equal(false);
  });

  it("reads a model's registered weights hash and its serving key as of the block asked", async function () {
    const { suite, block } = await loadFixture(world);
    const source = new ChainSettlementSource(suite);
    const [, , , , , key] = await ethers.getSigners();
    await suite.models.setServingKey(1n, key.address);
    const now = await ethers.provider.getBlockNumber();
    expect(await source.weightsHashOf(1n, block)).to.equal(ethers.id("w"));
    expect(await source.servingKeyOf(1n, block)).to.equal(ethers.ZeroAddress);
    expect(await source.servingKeyOf(1n, now)).to.equal(key.address);
  });
});
