// The deployed role layout: who holds every role of every contract, with and without the handover to the timelock.
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { deploySuite, type GovernedSuite } from "../../src/chain/deploy";
import { DEFAULT_CHALLENGE_WINDOW } from "../../src/gov/parameters";
import { roleLayout, type RoleLayout } from "../../src/gov/roles";

/** Every contract's layout, by the suite's key. */
async function layoutOf(suite: GovernedSuite): Promise<Record<string, RoleLayout>> {
  const entries = await Promise.all(Object.entries(suite).map(async ([key, c]) => [key, await roleLayout(c)] as const));
  return Object.fromEntries(entries);
}

async function accounts() {
  const [deployer, admin, attributor, guardian, treasury] = await ethers.getSigners();
  return { deployer, admin, attributor, guardian, treasury };
}

async function handedOver() {
  const { admin, attributor, guardian, treasury } = await accounts();
  const suite = await deploySuite(hre, {
    admin: admin.address,
    attributor: attributor.address,
    guardian: guardian.address,
    treasury: treasury.address,
    keepDeployerAdmin: false,
  });
  return { suite, addresses: await addressesOf(suite) };
}

async function development() {
  const { attributor, guardian } = await accounts();
  const suite = await deploySuite(hre, { attributor: attributor.address, guardian: guardian.address });
  return { suite, addresses: await addressesOf(suite) };
}

async function addressesOf(suite: GovernedSuite) {
  return { governor: await suite.governor.getAddress(), timelock: await suite.timelock.getAddress() };
}

describe("Deployed role layout", function () {
  it("after the handover, leaves every economic role with the timelock alone and the guardian only its own", async function () {
    const { suite, addresses } = await loadFixture(handedOver);
    const { attributor, guardian } = await accounts();
    const { governor, timelock } = addresses;
    expect(await layoutOf(suite)).to.deep.equal({
      token: {},
      datanet: { DEFAULT_ADMIN_ROLE: [timelock] },
      models: {},
      agents: {},
      rewards: {
        DEFAULT_ADMIN_ROLE: [timelock],
        ATTRIBUTOR_ROLE: [attributor.address],
        GUARDIAN_ROLE: [guardian.address],
      },
      challenges: { DEFAULT_ADMIN_ROLE: [timelock], RESOLVER_ROLE: [timelock] },
      agentStakes: { DEFAULT_ADMIN_ROLE: [timelock], RESOLVER_ROLE: [timelock] },
      feedback: {},
      governor: {},
      timelock: {
        DEFAULT_ADMIN_ROLE: [timelock],
        PROPOSER_ROLE: [governor],
        CANCELLER_ROLE: [governor],
        EXECUTOR_ROLE: [governor],
      },
    });
  });

  it("on the development networks, keeps the deployer as economic admin beside the timelock", async function () {
    const { suite, addresses } = await loadFixture(development);
    const { deployer, attributor, guardian } = await accounts();
    const { governor, timelock } = addresses;
    const layout = await layoutOf(suite);
    expect(layout.rewards).to.deep.equal({
      DEFAULT_ADMIN_ROLE: [deployer.address, timelock].sort(),
      ATTRIBUTOR_ROLE: [attributor.address],
      GUARDIAN_ROLE: [guardian.address],
    });
    expect(layout.datanet).to.deep.equal({ DEFAULT_ADMIN_ROLE: [deployer.address, timelock].sort() });
    expect(layout.challenges).to.deep.equal({
      DEFAULT_ADMIN_ROLE: [deployer.address, timelock].sort(),
      RESOLVER_ROLE: [deployer.address, timelock].sort(),
    });
    expect(layout.agentStakes).to.deep.equal(layout.challenges);
    expect(await suite.rewards.agentStakes()).to.equal(await suite.agentStakes.getAddress());
    expect(layout.timelock).to.deep.equal({
      DEFAULT_ADMIN_ROLE: [timelock],
      PROPOSER_ROLE: [governor],
      CANCELLER_ROLE: [governor],
      EXECUTOR_ROLE: [governor],
    });
    expect(hre.network.name).to.equal("hardhat");
  });

  it("lets the guardian pause and revoke a pending root but not change the shares, the treasury or the window", async function () {
    const { suite } = await loadFixture(handedOver);
    const { guardian } = await accounts();
    const rewards = suite.rewards.connect(guardian);
    const shares = { protocolBps: 0, agentOwnerBps: 2_000, modelOwnerBps: 3_000, dataPoolBps: 5_000 };
    await expect(rewards.setShares(shares)).to.be.revertedWithCustomError(rewards, "AccessControlUnauthorizedAccount");
    await expect(rewards.setProtocolTreasury(guardian.address)).to.be.revertedWithCustomError(
      rewards,
      "AccessControlUnauthorizedAccount",
    );
    await expect(rewards.setChallengeWindow(3_600)).to.be.revertedWithCustomError(
      rewards,
      "AccessControlUnauthorizedAccount",
    );
    await expect(rewards.grantRole(ethers.ZeroHash, guardian.address)).to.be.revertedWithCustomError(
      rewards,
      "AccessControlUnauthorizedAccount",
    );
    await expect(rewards.pause()).to.emit(rewards, "Paused");
    await expect(rewards.unpause()).to.emit(rewards, "Unpaused");
    const { attributor } = await accounts();
    await suite.rewards.connect(attributor).postRoot(ethers.id("root"), 0n, ethers.id("data"), "ipfs://data");
    await expect(rewards.revokeRoot()).to.emit(rewards, "RootRevoked").withArgs(1n, guardian.address);
  });

  it("leaves the deployer nothing over the economics after the handover", async function () {
    const { suite } = await loadFixture(handedOver);
    const { deployer } = await accounts();
    await expect(suite.rewards.connect(deployer).setChallengeWindow(3_600)).to.be.revertedWithCustomError(
      suite.rewards,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("starts with the challenge window the contract defaults to, or the one the parameter names", async function () {
    const { suite } = await loadFixture(development);
    expect(await suite.rewards.challengeWindow()).to.equal(await suite.rewards.DEFAULT_CHALLENGE_WINDOW());
    expect(DEFAULT_CHALLENGE_WINDOW).to.equal(Number(await suite.rewards.DEFAULT_CHALLENGE_WINDOW()));
    const custom = await deploySuite(hre, { challengeWindow: 3_600, keepDeployerAdmin: false });
    expect(await custom.rewards.challengeWindow()).to.equal(3_600n);
  });

  it("refuses a governance setting outside the Governor's bounds, with the Governor's error", async function () {
    await expect(deploySuite(hre, { governance: { quorumPercent: 0 } })).to.be.rejectedWith("QuorumOutOfBounds");
  });
});
