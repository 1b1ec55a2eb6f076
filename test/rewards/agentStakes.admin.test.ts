// AgentStakes: the governance parameters (minimum stake, complaint bond, resolution period, slash), their defaults
// and caps, and that only the admin role sets them.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expectUnchanged } from "../helpers/snapshot";
import { deployAgentStakes, stateOf, type AgentStakesContext } from "../helpers/agentStakes";

describe("AgentStakes: parameters", function () {
  /** Whose state every refusal below must leave as it was. */
  const PARTIES = ["agentOwner", "payer", "treasury"] as const;

  it("starts at its defaults", async function () {
    const { stakes } = await loadFixture(deployAgentStakes);
    expect(await stakes.complaintBond()).to.equal(await stakes.DEFAULT_COMPLAINT_BOND());
    expect(await stakes.resolutionPeriod()).to.equal(await stakes.DEFAULT_RESOLUTION_PERIOD());
    expect(await stakes.slashBps()).to.equal(await stakes.DEFAULT_COMPLAINT_SLASH_BPS());
    expect(await stakes.minStake()).to.equal(0n);
  });

  // Each setter: its bounds read from the contract, the event it emits, and the error beyond either bound.
  const setters = [
    {
      name: "minimum stake",
      set: "setMinStake",
      read: "minStake",
      event: "AgentMinStakeSet",
      error: "AgentMinStakeAboveCap",
      bounds: async (s: AgentStakesContext["stakes"]) => [0n, await s.MAX_MIN_AGENT_STAKE()],
    },
    {
      name: "complaint bond",
      set: "setComplaintBond",
      read: "complaintBond",
      event: "ComplaintBondSet",
      error: "ComplaintBondOutOfBounds",
      bounds: async (s: AgentStakesContext["stakes"]) => [await s.MIN_COMPLAINT_BOND(), await s.MAX_COMPLAINT_BOND()],
    },
    {
      name: "resolution period",
      set: "setResolutionPeriod",
      read: "resolutionPeriod",
      event: "ResolutionPeriodSet",
      error: "ResolutionPeriodOutOfBounds",
      bounds: async (s: AgentStakesContext["stakes"]) => [
        await s.MIN_RESOLUTION_PERIOD(),
        await s.MAX_RESOLUTION_PERIOD(),
      ],
    },
    {
      name: "slash",
      set: "setSlashBps",
      read: "slashBps",
      event: "ComplaintSlashBpsSet",
      error: "SlashBpsOutOfBounds",
      bounds: async (s: AgentStakesContext["stakes"]) => [
        await s.MIN_COMPLAINT_SLASH_BPS(),
        await s.MAX_COMPLAINT_SLASH_BPS(),
      ],
    },
  ] as const;

  for (const { name, set, read, event, error, bounds } of setters) {
    describe(`the ${name}`, function () {
      it("takes either bound and emits it", async function () {
        const { stakes, admin } = await loadFixture(deployAgentStakes);
        for (const value of await bounds(stakes)) {
          await expect(stakes.connect(admin)[set](value)).to.emit(stakes, event).withArgs(value);
          expect(await stakes[read]()).to.equal(value);
        }
      });

      it("refuses a value beyond its bounds, changing nothing", async function () {
        const ctx = await loadFixture(deployAgentStakes);
        const [min, max] = await bounds(ctx.stakes);
        const outside = min === 0n ? [max + 1n] : [min - 1n, max + 1n];
        for (const value of outside) {
          await expectUnchanged(stateOf(ctx, PARTIES), () =>
            expect(ctx.stakes.connect(ctx.admin)[set](value)).to.be.revertedWithCustomError(ctx.stakes, error),
          );
        }
      });

      it("refuses anyone but the admin, changing nothing", async function () {
        const ctx = await loadFixture(deployAgentStakes);
        const [min] = await bounds(ctx.stakes);
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(ctx.stakes.connect(ctx.resolver)[set](min))
            .to.be.revertedWithCustomError(ctx.stakes, "AccessControlUnauthorizedAccount")
            .withArgs(ctx.resolver.address, ethers.ZeroHash),
        );
      });
    });
  }
});
