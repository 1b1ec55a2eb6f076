// The curator's stored-data check: an approval is refused unless the stored bytes match the on-chain record.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { ContributionStatus } from "../../src/chain/types";
import { contributeBytes, createDatanet, reviewContribution, storedDataCheck } from "../../src/ops/data";
import { ContentStore } from "../../src/store/ContentStore";

let tmp: string;

async function world() {
  const [deployer, alice, mallory, curator] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const { token, datanet } = suite;
  const store = new ContentStore(path.join(tmp, "store"));
  for (const account of [alice, mallory]) await token.transfer(account.address, ethers.parseEther("100"));
  await createDatanet(datanet, deployer, "ipfs://datanet", ethers.parseEther("1"));
  await datanet.setCurator(1n, curator.address, true);
  const honest = await contributeBytes(datanet, token, store, alice, 1n, Buffer.from("contract Honest {}"));
  const { hash } = await store.put(Buffer.from("contract Tiny {}"));
  await token.connect(mallory).approve(datanet, ethers.MaxUint256);
  await datanet.connect(mallory).contribute(1n, hash, 2n ** 64n - 1n, "");
  const missing = ethers.id("never stored");
  await datanet.connect(mallory).contribute(1n, missing, 12n, "");
  return { datanet, store, curator, honestId: honest.contributionId, inflatedId: 2n, missingId: 3n };
}

describe("storedDataCheck and the curator's review", function () {
  before(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "ops-data-"));
  });
  after(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("passes a contribution whose stored bytes have its hash and declared size", async function () {
    const { datanet, store, honestId } = await loadFixture(world);
    expect(await storedDataCheck(datanet, store, honestId)).to.deep.equal({ ok: true });
  });

  it("names a declared size the stored data does not have, and a contribution whose data is not stored", async function () {
    const { datanet, store, inflatedId, missingId } = await loadFixture(world);
    expect(await storedDataCheck(datanet, store, inflatedId)).to.deep.equal({
      ok: false,
      reason: `it declares ${2n ** 64n - 1n} bytes, but its stored data is 16 bytes`,
    });
    const check = await storedDataCheck(datanet, store, missingId);
    expect(check.ok).to.equal(false);
  });

  it("refuses to approve a mismatch before sending anything, and still lets the curator reject it", async function () {
    const { datanet, store, curator, inflatedId } = await loadFixture(world);
    const approval = { approve: true as const, qualityBps: 10_000 };
    await expect(reviewContribution(datanet, curator, inflatedId, approval, store)).to.be.rejectedWith(
      `contribution ${inflatedId} cannot be approved: it declares`,
    );
    expect((await datanet.getContribution(inflatedId)).status).to.equal(BigInt(ContributionStatus.Pending));
    await reviewContribution(datanet, curator, inflatedId, { approve: false }, store);
    expect((await datanet.getContribution(inflatedId)).status).to.equal(BigInt(ContributionStatus.Rejected));
  });
});
