// Guardian and admin actions: sent when the sender holds the role, refused with the argument named (and nothing
// sent) when the contract's state or bounds forbid them, and turned into a working governance proposal when only
// the timelock holds the role.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { readActions } from "../../src/gov/actions";
import { governanceOf } from "../../src/gov/deployment";
import {
  pauseAction,
  performAdminAction,
  revokeAction,
  sharesAction,
  treasuryAction,
  windowAction,
  type ProposedAction,
} from "../../src/ops/admin";
import { expectUnchanged } from "../helpers/snapshot";
import { governed, passAndQueue, waitOutTimelock } from "../governance/fixtures";
import { readRoot } from "../../src/read/roots";

describe("Guardian and admin actions", function () {
  /** On a development network the deployer is admin and guardian beside the timelock. */
  async function development() {
    const [deployer, stranger] = await ethers.getSigners();
    const suite = await deploySuite(hre);
    return { suite, deployer, stranger, timelock: await suite.timelock.getAddress() };
  }

  /** What these actions can change, and the sender's nonce (nothing sent leaves it). */
  const state = async (s: Awaited<ReturnType<typeof development>>["suite"], sender: string) => ({
    paused: await s.rewards.paused(),
    window: await s.rewards.challengeWindow(),
    shares: await s.rewards.shares(),
    treasury: await s.rewards.protocolTreasury(),
    epochs: await s.rewards.epochCount(),
    nonce: await ethers.provider.getTransactionCount(sender),
  });

  it("pauses and unpauses as the guardian, and refuses to pause twice", async function () {
    const { suite, deployer, timelock } = await loadFixture(development);
    const paused = await performAdminAction(suite.rewards, deployer, await pauseAction(suite.rewards, true), timelock);
    expect(paused.sent).to.equal(true);
    expect(await suite.rewards.paused()).to.equal(true);
    await expectUnchanged(
      () => state(suite, deployer.address),
      async () => {
        await expect(pauseAction(suite.rewards, true)).to.be.rejectedWith("AttributionRewards is already paused");
      },
    );
    await performAdminAction(suite.rewards, deployer, await pauseAction(suite.rewards, false), timelock);
    expect(await suite.rewards.paused()).to.equal(false);
  });

  it("revokes only the pending root, and says why another epoch cannot be revoked", async function () {
    const { suite, deployer, timelock } = await loadFixture(development);
    await expect(revokeAction(suite.rewards, 1)).to.be.rejectedWith(
      "--epoch: epoch 1 was never posted (0 epochs are): only a pending root can be revoked, and no root is pending",
    );
    // The deployer is the attributor too on a development network; a root of 0 OPEN needs no funded pool.
    await expect(suite.rewards.postRoot(ethers.id("r"), 0n, ethers.id("d"), "uri")).to.emit(
      suite.rewards,
      "RootPosted",
    );
    await expect(revokeAction(suite.rewards, 2)).to.be.rejectedWith("epoch 2 was never posted");
    await performAdminAction(suite.rewards, deployer, await revokeAction(suite.rewards, 1), timelock);
    expect((await readRoot(suite.rewards, 1)).revoked).to.equal(true);
    await expect(revokeAction(suite.rewards, 1)).to.be.rejectedWith("--epoch: epoch 1 is already revoked");
    await suite.rewards.postRoot(ethers.id("r2"), 0n, ethers.id("d"), "uri");
    await time.increase(await suite.rewards.challengeWindow());
    await expect(revokeAction(suite.rewards, 2)).to.be.rejectedWith("epoch 2 is past its challenge window");
  });

  it("checks the shares and the window against the contract's bounds before sending", async function () {
    const { suite, deployer } = await loadFixture(development);
    const max = Number(await suite.rewards.MAX_PROTOCOL_BPS());
    const floor = Number(await suite.rewards.MIN_DATA_POOL_BPS());
    await expectUnchanged(
      () => state(suite, deployer.address),
      async () => {
        const greedy = { protocol: max + 1, agentOwner: 0, modelOwner: 10_000 - max - 1 - floor, dataPool: floor };
        await expect(sharesAction(suite.rewards, greedy)).to.be.rejectedWith(`--protocol: ${max + 1} bps is above`);
        const starved = { protocol: 0, agentOwner: 0, modelOwner: 10_000 - floor + 1, dataPool: floor - 1 };
        await expect(sharesAction(suite.rewards, starved)).to.be.rejectedWith(`--data-pool: ${floor - 1} bps`);
        await expect(windowAction(suite.rewards, 60)).to.be.rejectedWith("--seconds: 60 is outside the contract's");
      },
    );
  });

  it("sets the shares, the window and the treasury as the admin", async function () {
    const { suite, deployer, stranger, timelock } = await loadFixture(development);
    const shares = { protocol: 100, agentOwner: 1_900, modelOwner: 3_000, dataPool: 5_000 };
    for (const action of [
      await sharesAction(suite.rewards, shares),
      await windowAction(suite.rewards, 7_200),
      treasuryAction(stranger.address),
    ]) {
      expect((await performAdminAction(suite.rewards, deployer, action, timelock)).sent).to.equal(true);
    }
    expect((await suite.rewards.shares()).map(Number)).to.deep.equal([100, 1_900, 3_000, 5_000]);
    expect(await suite.rewards.challengeWindow()).to.equal(7_200n);
    expect(await suite.rewards.protocolTreasury()).to.equal(stranger.address);
  });

  it("refuses a sender without the role when the timelock lacks it too, naming the holders, and sends nothing", async function () {
    const { suite, deployer, stranger, timelock } = await loadFixture(development);
    const pause = await pauseAction(suite.rewards, true);
    await expectUnchanged(
      () => state(suite, stranger.address),
      async () =>
        await expect(performAdminAction(suite.rewards, stranger, pause, timelock)).to.be.rejectedWith(
          `--from: ${stranger.address} does not hold GUARDIAN_ROLE on AttributionRewards, nor does the timelock; ` +
            `held by ${deployer.address}`,
        ),
    );
  });

  it("gives the proposal when only the timelock holds the role, and that proposal passes and sets the window", async function () {
    const { suite, whale } = await loadFixture(governed);
    const gov = await governanceOf(suite);
    const before = await ethers.provider.getTransactionCount(whale.address);
    const done = (await performAdminAction(
      suite.rewards,
      whale,
      await windowAction(suite.rewards, 7_200),
      gov.names.timelock,
    )) as ProposedAction;
    expect(done.sent).to.equal(false);
    expect(await ethers.provider.getTransactionCount(whale.address), "nothing sent").to.equal(before);
    expect(done.proposal.actions).to.deep.equal([
      { target: "AttributionRewards", signature: "setChallengeWindow(uint64)", args: ["7200"] },
    ]);

    const file = path.join(await mkdtemp(path.join(os.tmpdir(), "admin-proposal-")), "actions.json");
    await writeFile(file, JSON.stringify(done.proposal));
    const calls = await readActions(file, gov.names);
    expect(calls.calldatas).to.deep.equal([done.calldata]);
    await passAndQueue(suite, whale, { ...calls, description: done.action.description });
    await waitOutTimelock(suite);
    await suite.governor.execute(calls.targets, calls.values, calls.calldatas, ethers.id(done.action.description));
    expect(await suite.rewards.challengeWindow()).to.equal(7_200n);
  });
});
