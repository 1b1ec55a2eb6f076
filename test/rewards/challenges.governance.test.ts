// A whole root challenge on the embedded chain after the handover: the watcher challenges with a verify report, a
// governance proposal built by src/gov/resolution upholds it, and the attributor's stake pays the watcher.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deploySuite } from "../../src/chain/deploy";
import { governanceOf } from "../../src/gov/deployment";
import { resolutionCalls, resolutionDescription } from "../../src/gov/resolution";
import { Vote } from "../governance/fixtures";
import { expectHoldsWhatItOwes } from "../helpers/challenges";
import { readRoot } from "../../src/read/roots";

const MIN_STAKE = ethers.parseEther("100000");
const BOND = ethers.parseEther("10000");
const REPORT = JSON.stringify({ epoch: 1, matches: false, mismatched: ["0xattributor"] });

async function governedWithStake() {
  const [whale, watcher] = await ethers.getSigners();
  const suite = await deploySuite(hre, {
    keepDeployerAdmin: false,
    challenges: { minAttributorStake: MIN_STAKE },
  });
  await suite.token.delegate(whale.address);
  await suite.token.transfer(watcher.address, BOND);
  await suite.token.connect(watcher).approve(suite.challenges, BOND);
  await suite.token.approve(suite.challenges, MIN_STAKE);
  // The whale is also the attributor (the module's default): it stakes the minimum and posts a root.
  await suite.challenges.stake(MIN_STAKE);
  await suite.rewards.postRoot(ethers.id("a root paying the attributor"), 0n, ethers.id("data"), "ipfs://data");
  await time.increase(1);
  return { suite, whale, watcher };
}

describe("RootChallenges under governance", function () {
  it("upholds a challenge through a passed proposal: root revoked, stake slashed, watcher paid", async function () {
    const { suite, whale, watcher } = await loadFixture(governedWithStake);
    const { challenges, rewards, governor, token } = suite;
    const epoch = await rewards.pendingEpoch();
    await challenges.connect(watcher).challengeRoot(epoch, BOND, ethers.id(REPORT), "ipfs://verify-report.json");
    const challenge = await challenges.getChallenge(1n);

    const calls = resolutionCalls("challenge", 1n, "uphold", (await governanceOf(suite)).names);
    const description = resolutionDescription("challenge", 1n, "uphold", epoch, challenge.evidenceURI);
    await governor.propose(calls.targets, calls.values, calls.calldatas, description);
    const id = await governor.hashProposal(calls.targets, calls.values, calls.calldatas, ethers.id(description));
    await time.increase((await governor.votingDelay()) + 1n);
    await governor.connect(whale).castVote(id, Vote.For);
    await time.increase(await governor.votingPeriod());
    await governor.queue(calls.targets, calls.values, calls.calldatas, ethers.id(description));
    await time.increase(await suite.timelock.getMinDelay());
    // Still before the deadline: the default vote fits in the default resolution period.
    expect(BigInt(await time.latest())).to.be.lessThan(challenge.deadline);

    // Half the stake slashed; half of that to the watcher, the rest to the treasury.
    const slashed = MIN_STAKE / 2n;
    const reward = slashed / 2n;
    await expect(governor.execute(calls.targets, calls.values, calls.calldatas, ethers.id(description)))
      .to.emit(challenges, "ChallengeUpheld")
      .withArgs(1n, epoch, BOND, reward, await rewards.protocolTreasury(), slashed - reward);
    expect((await readRoot(rewards, epoch)).revoked).to.equal(true);
    expect((await challenges.stakeOf(whale.address)).active).to.equal(MIN_STAKE - slashed);
    await expectHoldsWhatItOwes(challenges, token);
    await expect(challenges.connect(watcher).withdraw(watcher.address)).to.changeTokenBalance(
      token,
      watcher,
      BOND + reward,
    );
  });

  it("refuses a resolution from anyone but the timelock, the deployer included", async function () {
    const { suite, whale, watcher } = await loadFixture(governedWithStake);
    const { challenges, rewards } = suite;
    await challenges.connect(watcher).challengeRoot(await rewards.pendingEpoch(), BOND, ethers.id(REPORT), "ipfs://r");
    await expect(challenges.connect(whale).resolveChallenge(1n, true))
      .to.be.revertedWithCustomError(challenges, "AccessControlUnauthorizedAccount")
      .withArgs(whale.address, ethers.id("RESOLVER_ROLE"));
    expect((await challenges.getChallenge(1n)).status).to.equal(1n);
  });
});
