// The rewards reader through an epoch's life: pending with its claimable date, accepted and claimable, then claimed.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-toolbox/network-helpers";
import { AGENT, Entitlements, MODEL, deployRewards, inferenceId } from "../helpers/rewards";
import { readClaimable, readRewardsStatus } from "../../src/read/rewards";
import type { ProofsFile } from "../../src/settlement/files";
import { readRoot } from "../../src/read/roots";

const OWED = ethers.parseEther("4");

/** One paid inference, and a root giving alice OWED, posted but still in its challenge window. */
async function posted() {
  const setup = await deployRewards();
  const { rewards, payer, attributor, alice } = setup;
  await (await rewards.connect(payer).payInference(inferenceId(), MODEL, AGENT, ethers.MaxUint256)).wait();
  const tree = new Entitlements([[alice.address, OWED]]);
  await (await rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data"), "ipfs://data")).wait();
  const [account, cumulative, proof] = tree.claimOf(alice.address);
  const proofs: ProofsFile = {
    format: "openledger-proofs/1",
    chainId: 31337,
    rewards: await rewards.getAddress(),
    epoch: 1,
    root: tree.root as `0x${string}`,
    totalAllocated: tree.total.toString(),
    claims: [{ account, cumulativeAmount: cumulative.toString(), proof: proof as `0x${string}`[] }],
  };
  return { ...setup, tree, proofs };
}

describe("the rewards reader", function () {
  it("shows a posted root as pending, with the date it becomes claimable, and nothing claimable yet", async function () {
    const { rewards, alice, proofs } = await loadFixture(posted);
    const status = await readRewardsStatus(rewards);
    const epoch = await readRoot(rewards, 1n);
    expect(status.pending?.epoch).to.equal(1n);
    expect(status.pending?.claimableAt).to.equal(new Date(Number(epoch.claimableAt) * 1000).toISOString());
    expect(status).to.include({ epochCount: 1n, acceptedEpoch: 0n, allocated: 0n });
    expect(status.funded).to.equal(await rewards.totalDataPoolFunded());
    expect(status.funded).to.be.greaterThanOrEqual(OWED);
    const claimable = await readClaimable(rewards, proofs, alice.address);
    expect(claimable).to.include({ state: "pending", claimable: 0n, cumulativeAmount: OWED });
  });

  it("shows the whole amount claimable once accepted, and nothing after the claim", async function () {
    const { rewards, alice, proofs, tree } = await loadFixture(posted);
    await time.increase(await rewards.challengeWindow());
    await (await rewards.acceptRoot()).wait();
    expect(await readClaimable(rewards, proofs, alice.address)).to.include({ state: "accepted", claimable: OWED });
    expect(await readRewardsStatus(rewards)).to.include({ acceptedEpoch: 1n, pending: null, allocated: OWED });

    await (await rewards.claim(...tree.claimOf(alice.address))).wait();
    expect(await readClaimable(rewards, proofs, alice.address)).to.include({ claimable: 0n, claimed: OWED });
    const after = await readRewardsStatus(rewards);
    expect(after).to.include({ claimed: OWED, owed: after.accrued + after.funded - OWED });
  });
});
