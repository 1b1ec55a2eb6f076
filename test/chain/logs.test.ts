// The paged log reader: readers start at a contract's deployment block and span at most LOG_QUERY_BLOCKS blocks a
// query, yet find what one query from block 0 to "latest" would.
import { expect } from "chai";
import hre, { ethers, network } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { Filter, FilterByBlockHash, Provider } from "ethers";
import { deploySuite } from "../../src/chain/deploy";
import { LOG_QUERY_BLOCKS, currentBlock, inPages } from "../../src/chain/logs";
import { readRoot } from "../../src/read/roots";
import { readSubmissions } from "../../src/read/submissions";
import { ChainSettlementSource } from "../../src/settlement/source";

const STAKE = ethers.parseEther("1");
/** More blocks than one query may span, in hex for hardhat_mine. */
const MANY_BLOCKS = `0x${(LOG_QUERY_BLOCKS + 3_000).toString(16)}`;

/** A suite deployed after many empty blocks, with a root and contributions both before and after another long gap. */
async function lateSuite() {
  await network.provider.send("hardhat_mine", [MANY_BLOCKS]);
  const suite = await deploySuite(hre);
  const { token, datanet, rewards } = suite;
  const [deployer] = await ethers.getSigners();
  await token.approve(datanet, ethers.MaxUint256);
  await datanet.createDatanet("ipfs://datanet", STAKE, deployer.address, await datanet.MIN_REVIEW_PERIOD());
  await datanet.setCurator(1n, deployer.address, true);
  await datanet.contribute(1n, ethers.id("early"), 100n, "ar://early");
  await datanet.approve(1n, 9_000);
  // The deployer is the attributor on a development network; a root of 0 OPEN needs no funded pool.
  await rewards.postRoot(ethers.id("root"), 0n, ethers.id("data"), "ipfs://root");
  await network.provider.send("hardhat_mine", [MANY_BLOCKS]);
  await datanet.contribute(1n, ethers.id("late"), 200n, "ar://late");
  await datanet.approve(2n, 8_000);
  await datanet.publishVersion(1n);
  await rewards.revokeRoot();
  return { suite, block: await ethers.provider.getBlockNumber() };
}

/** One eth_getLogs as asked: the contract, the first topic (the event or events) and the block range. */
interface Query {
  address: string;
  topic: string;
  fromBlock: unknown;
  toBlock: unknown;
}

/** Every eth_getLogs that `read` makes, with what `read` returned. */
async function recordingQueries<T>(read: () => Promise<T>) {
  const provider = ethers.provider;
  const getLogs = provider.getLogs;
  const queries: Query[] = [];
  provider.getLogs = function (filter: Filter | FilterByBlockHash) {
    const { fromBlock, toBlock } = filter as Filter;
    queries.push({ address: String(filter.address), topic: String(filter.topics?.[0]), fromBlock, toBlock });
    return getLogs.call(provider, filter);
  };
  try {
    return { result: await read(), queries };
  } finally {
    provider.getLogs = getLogs;
  }
}

/** Asserts that the queries to `address` cover [from, to] exactly, in order, none wider than LOG_QUERY_BLOCKS. */
function expectPaged(queries: Query[], from: number, to: number) {
  expect(queries).to.not.have.length(0);
  let next = from;
  for (const { fromBlock, toBlock } of queries) {
    expect(fromBlock).to.equal(next);
    expect(toBlock).to.be.a("number");
    expect((toBlock as number) - next + 1).to.be.within(1, LOG_QUERY_BLOCKS);
    next = (toBlock as number) + 1;
  }
  expect(next - 1).to.equal(to);
}

describe("paged log reads", function () {
  it("splits a range into consecutive pages of at most LOG_QUERY_BLOCKS blocks, and an empty range into none", async function () {
    const pages = await inPages(10, 10 + 2 * LOG_QUERY_BLOCKS, async (from, to) => [[from, to]]);
    expect(pages).to.deep.equal([
      [10, 9 + LOG_QUERY_BLOCKS],
      [10 + LOG_QUERY_BLOCKS, 9 + 2 * LOG_QUERY_BLOCKS],
      [10 + 2 * LOG_QUERY_BLOCKS, 10 + 2 * LOG_QUERY_BLOCKS],
    ]);
    expect(await inPages(5, 4, async (from, to) => [[from, to]])).to.deep.equal([]);
  });

  it("asks the node for the current block, not a cached block number, which lags a transaction just sent", async function () {
    const node = ethers.provider;
    const lagging = {
      getBlockNumber: async () => 0,
      send: (method: string, params: unknown[]) => node.send(method, params),
    };
    expect(await currentBlock(lagging as unknown as Provider)).to.equal(await node.getBlockNumber());
    expect(await currentBlock({ getBlockNumber: async () => 7 } as unknown as Provider)).to.equal(7);
  });

  it("reads a root from the rewards' deployment block to the current one, in pages, with every event found", async function () {
    const { suite, block } = await loadFixture(lateSuite);
    const deployed = Number(await suite.rewards.deploymentBlock());
    expect(deployed).to.be.greaterThan(LOG_QUERY_BLOCKS);
    const { result, queries } = await recordingQueries(() => readRoot(suite.rewards, 1));
    expectPaged(queries, deployed, block);
    expect(queries.every((q) => q.address === suite.rewards.target)).to.equal(true);
    // RootPosted sits in the first page, RootRevoked in a later one.
    expect(result).to.include({ root: ethers.id("root"), dataURI: "ipfs://root", revoked: true });
  });

  it("reads a datanet's contribution history from the datanet's deployment block to the block asked, in pages", async function () {
    const { suite, block } = await loadFixture(lateSuite);
    const deployed = Number(await suite.datanet.deploymentBlock());
    expect(deployed).to.be.greaterThan(LOG_QUERY_BLOCKS);
    const source = new ChainSettlementSource(suite);
    const { result, queries } = await recordingQueries(() => source.versionContributions(1n, 1, block));
    expectPaged(queries, deployed, block);
    expect(result.map((c) => [c.contributionId, c.qualityBps, c.approved])).to.deep.equal([
      [1n, 9_000, 2],
      [2n, 8_000, 2],
    ]);
  });

  it("reads submissions from the datanet's deployment block on, in pages, as one query from block 0 would", async function () {
    const { suite, block } = await loadFixture(lateSuite);
    const deployed = Number(await suite.datanet.deploymentBlock());
    const { result, queries } = await recordingQueries(() => readSubmissions(suite.datanet, { datanetId: 1n }));
    // Single and batch submissions, each read in pages of its own.
    const topics = [...new Set(queries.map((q) => q.topic))];
    expect(topics).to.have.length(2);
    for (const topic of topics)
      expectPaged(
        queries.filter((q) => q.topic === topic),
        deployed,
        block,
      );
    const unpaged = await suite.datanet.queryFilter(suite.datanet.filters.ContributionSubmitted(1n), 0, "latest");
    expect(result.map((s) => s.contributionId)).to.deep.equal(unpaged.map((e) => e.args.contributionId));
    expect(result.map((s) => s.pointerURI)).to.deep.equal(["ar://early", "ar://late"]);
  });
});
