// RootChallenges: the gas of staking, challenging, resolving and unstaking, held to the budgets docs/gas.md states.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";
import { isCoverageRun } from "../../src/chain/config";
import { expectGasTable } from "../helpers/gasTable";
import {
  MIN_STAKE,
  BOND,
  EVIDENCE_HASH,
  EVIDENCE_URI,
  deployChallenges,
  deployWithPendingRoot,
  passDeadline,
  sampleTree,
} from "../helpers/challenges";

const gasOf = async (tx: Promise<ContractTransactionResponse>) => (await (await tx).wait())!.gasUsed;

/** The operations docs/gas.md budgets, measured here in the order of its table. */
async function measure(): Promise<Record<string, bigint>> {
  const ctx = await loadFixture(deployWithPendingRoot);
  const { challenges, rewards, attributor, watcher, resolver, alice, bob } = ctx;
  const gas: Record<string, bigint> = {};
  gas["challenges.stake"] = await gasOf(challenges.connect(attributor).stake(ethers.parseEther("1")));
  gas["challenges.challengeRoot"] = await gasOf(
    challenges.connect(watcher).challengeRoot(ctx.epoch, BOND, EVIDENCE_HASH, EVIDENCE_URI),
  );
  gas["challenges.resolveChallenge.upheld"] = await gasOf(challenges.connect(resolver).resolveChallenge(1n, true));
  await challenges.connect(attributor).stake(MIN_STAKE); // back above the minimum after the slash
  const tree = sampleTree({ alice, bob });
  gas["rewards.postRoot.staked"] = await gasOf(
    rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data 2"), "ipfs://data-2"),
  );
  await challenges.connect(watcher).challengeRoot(2n, BOND, EVIDENCE_HASH, EVIDENCE_URI);
  gas["challenges.resolveChallenge.dismissed"] = await gasOf(challenges.connect(resolver).resolveChallenge(2n, false));
  await time.increase(await rewards.challengeWindow());
  await rewards.acceptRoot();
  await rewards.connect(attributor).postRoot(tree.root, tree.total, ethers.id("data 3"), "ipfs://data-3");
  await challenges.connect(watcher).challengeRoot(3n, BOND, EVIDENCE_HASH, EVIDENCE_URI);
  await passDeadline(challenges, 3n);
  gas["challenges.expireChallenge"] = await gasOf(challenges.expireChallenge(3n));
  gas["challenges.withdraw"] = await gasOf(challenges.connect(watcher).withdraw(watcher.address));
  gas["challenges.requestUnstake"] = await gasOf(challenges.connect(attributor).requestUnstake(ethers.parseEther("1")));
  await time.increase(await challenges.unstakeDelay());
  gas["challenges.completeUnstake"] = await gasOf(challenges.connect(attributor).completeUnstake());
  return gas;
}

describe("RootChallenges: gas", function () {
  it("stays within every budget docs/gas.md states for stakes and challenges", async function () {
    await expectGasTable("Challenges and stakes", await measure());
  });

  it("adds little to a root's post for the stake check and the poster's record", async function () {
    const plain = await loadFixture(deployChallenges);
    const tree = sampleTree(plain);
    await plain.rewards.connect(plain.admin).setRootChallenges(ethers.ZeroAddress);
    const without = await gasOf(
      plain.rewards.connect(plain.attributor).postRoot(tree.root, tree.total, ethers.id("d"), "ipfs://d"),
    );
    const staked = await loadFixture(deployChallenges);
    const withCheck = await gasOf(
      staked.rewards.connect(staked.attributor).postRoot(tree.root, tree.total, ethers.id("d"), "ipfs://d"),
    );
    if (!isCoverageRun(hre)) expect(withCheck - without).to.be.lessThan(40_000n);
  });
});
