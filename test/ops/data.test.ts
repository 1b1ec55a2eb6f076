// commitRevealBytes: contributing in two steps through the store, as `datanet:contribute --commit-reveal` does.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { commitRevealBytes, contributeBytes, createDatanet } from "../../src/ops/data";
import { ContentStore } from "../../src/store/ContentStore";
import { readSubmission } from "../../src/read/submissions";
import { expectUnchanged } from "../helpers/snapshot";

async function datanetAndStore() {
  const [owner, author, other] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const store = new ContentStore(await mkdtemp(path.join(os.tmpdir(), "openledger-data-")));
  for (const who of [author, other]) await suite.token.transfer(who.address, ethers.parseEther("100"));
  const { datanetId } = await createDatanet(suite.datanet, owner, "ipfs://audits", ethers.parseEther("1"));
  return { suite, store, datanetId, owner, author, other };
}

describe("ops/data", function () {
  it("commits, then reveals in a later block, staking for the contribution as its author", async function () {
    const { suite, store, datanetId, author } = await loadFixture(datanetAndStore);
    const bytes = Buffer.from("pragma solidity 0.8.30; contract A {}");
    const done = await commitRevealBytes(suite.datanet, suite.token, store, author, datanetId, bytes);
    const c = await readSubmission(suite.datanet, done.contributionId);
    expect([c.contributor, c.contentHash, c.sizeBytes]).to.deep.equal([author.address, done.contentHash, 37n]);
    const [commit, , reveal] = done.transactions;
    expect(reveal.blockNumber).to.be.greaterThan(commit.blockNumber);
    expect((await suite.datanet.getCommitment(done.commitment)).timestamp).to.equal(0n);
    expect(Buffer.from(await store.get(done.contentHash, "test")).toString()).to.equal(bytes.toString());
  });

  it("fails naming the holder when the hash stays with an earlier contribution, staking nothing", async function () {
    const { suite, store, datanetId, author, other } = await loadFixture(datanetAndStore);
    const bytes = Buffer.from("contract B {}");
    const first = await contributeBytes(suite.datanet, suite.token, store, author, datanetId, bytes);
    await expectUnchanged(
      () => suite.token.balanceOf(other.address),
      async () => {
        await expect(commitRevealBytes(suite.datanet, suite.token, store, other, datanetId, bytes)).to.be.rejectedWith(
          `stays with contribution ${first.contributionId}`,
        );
      },
    );
  });
});
