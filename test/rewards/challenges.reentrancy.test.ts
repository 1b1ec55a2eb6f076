// RootChallenges on a token that calls back during transfers: no function that moves OPEN can be reentered.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { ReentrantToken__factory, RootChallenges__factory } from "../../typechain-types";
import { EVIDENCE_HASH, EVIDENCE_URI, deployChallenges } from "../helpers/challenges";

async function onReentrantToken() {
  const ctx = await deployChallenges();
  const { deployer, rewards, admin, resolver, watcher } = ctx;
  const token = await new ReentrantToken__factory(deployer).deploy();
  const challenges = await new RootChallenges__factory(deployer).deploy(token, rewards, admin, resolver);
  await token.mint(watcher.address, ethers.parseEther("1000"));
  await token.connect(watcher).approve(challenges, ethers.MaxUint256);
  return { ...ctx, token, challenges };
}

describe("RootChallenges: reentrancy", function () {
  const calls: [string, unknown[]][] = [
    ["stake", [1n]],
    ["completeUnstake", []],
    ["challengeRoot", [1n, 1n, EVIDENCE_HASH, EVIDENCE_URI]],
    ["resolveChallenge", [1n, true]],
    ["expireChallenge", [1n]],
    ["withdraw", [ethers.ZeroAddress]],
  ];
  for (const [name, args] of calls) {
    it(`refuses ${name} reentered from a transfer, and the outer call completes`, async function () {
      const { token, challenges, watcher } = await loadFixture(onReentrantToken);
      await token.arm(challenges, challenges.interface.encodeFunctionData(name as "stake", args as [bigint]));
      await challenges.connect(watcher).stake(ethers.parseEther("1"));
      expect(await token.attempted()).to.equal(true);
      expect(await token.reentrySucceeded()).to.equal(false);
      expect(challenges.interface.parseError(await token.reentryError())?.name).to.equal(
        "ReentrancyGuardReentrantCall",
      );
      expect((await challenges.stakeOf(watcher.address)).active).to.equal(ethers.parseEther("1"));
      expect(await token.balanceOf(challenges)).to.equal(await challenges.totalStaked());
    });
  }
});
