// The timelock's bounded delay: at deployment, and on updateDelay, which only the timelock itself may call.
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";

const DAY = 86_400n;

/** A timelock whose proposer and executor is a plain account, so that a test can schedule calls to it directly. */
async function standalone() {
  const [operator, stranger] = await ethers.getSigners();
  const factory = await ethers.getContractFactory("OpenLedgerTimelock");
  const timelock = await factory.deploy(2n * DAY, [operator.address], [operator.address], ethers.ZeroAddress);
  return { timelock, factory, operator, stranger };
}

describe("OpenLedgerTimelock", function () {
  it("refuses a delay below MIN_TIMELOCK_DELAY or above MAX_TIMELOCK_DELAY at deployment", async function () {
    const { factory, operator } = await loadFixture(standalone);
    for (const delay of [DAY - 1n, 30n * DAY + 1n]) {
      await expect(factory.deploy(delay, [operator.address], [operator.address], ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "TimelockDelayOutOfBounds")
        .withArgs(delay, DAY, 30n * DAY);
    }
  });

  it("refuses updateDelay from anyone but itself, whatever the delay", async function () {
    const { timelock, stranger } = await loadFixture(standalone);
    await expect(timelock.connect(stranger).updateDelay(0n))
      .to.be.revertedWithCustomError(timelock, "TimelockUnauthorizedCaller")
      .withArgs(stranger.address);
    expect(await timelock.getMinDelay()).to.equal(2n * DAY);
  });

  it("applies a scheduled delay within the bounds and refuses one outside them, keeping the old delay", async function () {
    const { timelock, operator } = await loadFixture(standalone);
    const self = await timelock.getAddress();
    const run = async (delay: bigint, salt: string) => {
      const data = timelock.interface.encodeFunctionData("updateDelay", [delay]);
      await timelock.connect(operator).schedule(self, 0n, data, ethers.ZeroHash, salt, await timelock.getMinDelay());
      await time.increase(await timelock.getMinDelay());
      return timelock.connect(operator).execute(self, 0n, data, ethers.ZeroHash, salt);
    };
    await expect(run(DAY - 1n, ethers.id("too short")))
      .to.be.revertedWithCustomError(timelock, "TimelockDelayOutOfBounds")
      .withArgs(DAY - 1n, DAY, 30n * DAY);
    expect(await timelock.getMinDelay()).to.equal(2n * DAY);
    await expect(run(30n * DAY, ethers.id("longest")))
      .to.emit(timelock, "MinDelayChange")
      .withArgs(2n * DAY, 30n * DAY);
    expect(await timelock.getMinDelay()).to.equal(30n * DAY);
  });
});
