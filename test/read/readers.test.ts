// The readers behind the show commands: records decoded by name, ids checked, lists paged, dates as ISO strings.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { deploySuite } from "../../src/chain/deploy";
import { listDatanets, readContribution, readDatanet, statusName } from "../../src/read/datanets";
import { listAgents, listModels } from "../../src/read/models";
import { readClaimable, readRewardsStatus } from "../../src/read/rewards";
import { allPages } from "../../src/read/paging";
import { toJson } from "../../src/read/json";
import type { ProofsFile } from "../../src/settlement/files";
import { REWARDS_STATUS_FIELDS } from "../helpers/read";

const STAKE = ethers.parseEther("2");

/** A suite with datanet 1 holding two contributions (1 approved, 2 rejected) in version 1, model 1 and agent 1. */
async function populated() {
  const suite = await deploySuite(hre);
  const [owner] = await ethers.getSigners();
  await (await suite.datanet.createDatanet("ipfs://datanet", STAKE, owner.address, 3600n)).wait();
  await (await suite.datanet.setCurator(1n, owner.address, true)).wait();
  await (await suite.token.approve(await suite.datanet.getAddress(), STAKE * 2n)).wait();
  await (await suite.datanet.contribute(1n, ethers.id("a"), 100n, "ar://a")).wait();
  await (await suite.datanet.contribute(1n, ethers.id("b"), 200n, "")).wait();
  await (await suite.datanet.approve(1n, 8_000)).wait();
  await (await suite.datanet.reject(2n)).wait();
  await (await suite.datanet.publishVersion(1n)).wait();
  const lineage = [{ datanetId: 1n, version: 1, weightBps: 10_000 }];
  const registration = {
    metadataURI: "ipfs://model",
    weightsHash: ethers.id("w"),
    feePerInference: 5n,
    supersedes: 0n,
  };
  await (await suite.models.registerModel({ ...registration, lineage })).wait();
  await (await suite.agents.registerAgent("ipfs://agent", [1n], 7n)).wait();
  return { suite, owner };
}

describe("readers of on-chain state", function () {
  it("reads a datanet with its versions and the contributions of its latest version", async function () {
    const { suite, owner } = await loadFixture(populated);
    const view = await readDatanet(suite.datanet, 1n);
    expect(view).to.include({ id: 1n, owner: owner.address, stake: STAKE, metadataURI: "ipfs://datanet" });
    expect(view).to.include({ contributionCount: 2, approvedCount: 1 });
    expect(view.versions).to.have.length(1);
    expect(view.versions[0].approvedCount).to.equal(1);
    expect(Date.parse(view.versions[0].publishedAt!)).to.be.greaterThan(0);
    expect(view.createdAt).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(view.latestVersionContributions).to.deep.equal([1n]);
  });

  it("refuses a datanet id that names no datanet, naming the argument", async function () {
    const { suite } = await loadFixture(populated);
    await expect(readDatanet(suite.datanet, 2n)).to.be.rejectedWith("--datanet: there is no datanet 2: 1 exist");
  });

  it("lists every datanet", async function () {
    const { suite } = await loadFixture(populated);
    expect((await listDatanets(suite.datanet)).map((d) => d.id)).to.deep.equal([1n]);
  });

  it("reads contributions with their status as a word", async function () {
    const { suite, owner } = await loadFixture(populated);
    const approved = await readContribution(suite.datanet, 1n);
    expect(approved).to.include({ status: "Approved", qualityBps: 8_000, contributor: owner.address });
    expect(approved).to.include({ pointerURI: "ar://a", sizeBytes: 100n, contentHash: ethers.id("a") });
    expect((await readContribution(suite.datanet, 2n)).status).to.equal("Rejected");
  });

  it("refuses contribution 0 and one past the last, naming --contribution", async function () {
    const { suite } = await loadFixture(populated);
    for (const id of [0n, 3n]) {
      await expect(readContribution(suite.datanet, id)).to.be.rejectedWith(
        `--contribution: there is no contribution ${id}: 2 exist`,
      );
    }
  });

  it("names every on-chain status and refuses one the contract does not have", function () {
    expect([0n, 1n, 2n, 3n, 4n, 5n].map(statusName)).to.deep.equal([
      "None",
      "Pending",
      "Approved",
      "Rejected",
      "Withdrawn",
      "Displaced",
    ]);
    expect(() => statusName(6n)).to.throw("unknown contribution status 6");
  });

  it("lists models and agents with their owners, kinds and models", async function () {
    const { suite, owner } = await loadFixture(populated);
    const [model] = await listModels(suite.models);
    expect(model).to.include({ id: 1n, owner: owner.address, kind: "base", feePerInference: 5n, active: true });
    const [agent] = await listAgents(suite.agents);
    expect(agent).to.include({ id: 1n, owner: owner.address, feePerTask: 7n, active: true });
    expect(agent.models).to.deep.equal([1n]);
  });

  it("pages through a list MAX_PAGE at a time, without gaps or repeats", async function () {
    const list = Array.from({ length: 7 }, (_, i) => BigInt(i + 10));
    const asked: [bigint, bigint][] = [];
    const ids = await allPages(7n, 3n, async (offset, limit) => {
      asked.push([offset, limit]);
      return list.slice(Number(offset), Number(offset + limit));
    });
    expect(ids).to.deep.equal(list);
    expect(asked).to.deep.equal([
      [0n, 3n],
      [3n, 3n],
      [6n, 3n],
    ]);
  });

  it("reads the rewards ledger of a fresh suite: nothing posted, nothing pending, nothing owed", async function () {
    const { suite } = await loadFixture(populated);
    const status = await readRewardsStatus(suite.rewards);
    expect(status).to.include({ epochCount: 0n, acceptedEpoch: 0n, pending: null, funded: 0n, owed: 0n });
    expect(status.challengeWindowSeconds).to.equal(await suite.rewards.challengeWindow());
    const json = JSON.parse(toJson(status)) as Record<string, unknown>;
    for (const field of REWARDS_STATUS_FIELDS) expect(json, field).to.have.property(field);
  });

  it("says a proofs file whose root the chain never posted is unknown and pays nothing", async function () {
    const { suite, owner } = await loadFixture(populated);
    const proofs: ProofsFile = {
      format: "openledger-proofs/1",
      chainId: 31337,
      rewards: await suite.rewards.getAddress(),
      epoch: 1,
      root: ethers.id("root") as `0x${string}`,
      totalAllocated: "10",
      claims: [{ account: owner.address, cumulativeAmount: "10", proof: [] }],
    };
    const claimable = await readClaimable(suite.rewards, proofs, owner.address.toLowerCase());
    expect(claimable).to.include({ state: "unknown", claimable: 0n, cumulativeAmount: 10n, claimed: 0n });
    expect(await readClaimable(suite.rewards, proofs, ethers.ZeroAddress)).to.equal(undefined);
  });
});
