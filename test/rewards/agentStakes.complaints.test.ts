// AgentStakes: a payer's bonded complaint about one paid inference, its resolution by the resolver (upheld: the bond
// back and half of what the agent's stake is slashed, the rest to the treasury; dismissed: the bond to the
// treasury), its expiry, and withdrawing what is owed.
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expectUnchanged } from "../helpers/snapshot";
import { AGENT, BARE_MODEL, MODEL } from "../helpers/rewards";
import {
  AGENT_STAKE,
  COMPLAINT_BOND,
  EVIDENCE_HASH,
  EVIDENCE_URI,
  PAID,
  deployAgentStakes,
  deployWithComplaint,
  expectAgentStakesHold,
  passComplaintDeadline,
  stateOf,
} from "../helpers/agentStakes";

describe("AgentStakes: complaints", function () {
  /** Whose state every refusal below must leave as it was. */
  const PARTIES = ["agentOwner", "payer", "buyer", "treasury"] as const;

  describe("filing", function () {
    it("locks the bond and records the complaint with its deadline", async function () {
      const { stakes, token, payer } = await loadFixture(deployAgentStakes);
      const tx = stakes.connect(payer).complain(AGENT, MODEL, PAID[0], COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI);
      await expect(tx).to.changeTokenBalances(token, [payer, stakes], [-COMPLAINT_BOND, COMPLAINT_BOND]);
      const deadline = BigInt((await (await tx).getBlock())!.timestamp) + (await stakes.resolutionPeriod());
      await expect(tx)
        .to.emit(stakes, "ComplaintFiled")
        .withArgs(1n, AGENT, payer.address, MODEL, PAID[0], COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI, deadline);
      const c = await stakes.getComplaint(1n);
      expect([c.complainant, c.bond, c.agentId, c.modelId, c.inferenceId, c.deadline, c.status]).to.deep.equal([
        payer.address,
        COMPLAINT_BOND,
        AGENT,
        MODEL,
        PAID[0],
        deadline,
        1n,
      ]);
      expect(await stakes.complaintOf(payer.address, MODEL, AGENT, PAID[0])).to.equal(1n);
      expect(await stakes.openComplaintsAgainst(AGENT)).to.equal(1n);
      expect(await stakes.totalBonded()).to.equal(COMPLAINT_BOND);
      await expectAgentStakesHold(stakes, token);
    });

    it("refuses a zero bond, one below the complaint bond, or one above 96 bits, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const payer = ctx.stakes.connect(ctx.payer);
      const file = (bond: bigint) => payer.complain(AGENT, MODEL, PAID[0], bond, EVIDENCE_HASH, EVIDENCE_URI);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(file(0n)).to.be.revertedWithCustomError(payer, "ZeroBond"),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(file(COMPLAINT_BOND - 1n))
          .to.be.revertedWithCustomError(payer, "BondTooLow")
          .withArgs(COMPLAINT_BOND - 1n, COMPLAINT_BOND),
      );
      const max = 2n ** 96n - 1n;
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(file(max + 1n))
          .to.be.revertedWithCustomError(payer, "BondTooHigh")
          .withArgs(max + 1n, max),
      );
    });

    it("refuses evidence nobody could check or find, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const payer = ctx.stakes.connect(ctx.payer);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(
          payer.complain(AGENT, MODEL, PAID[0], COMPLAINT_BOND, ethers.ZeroHash, EVIDENCE_URI),
        ).to.be.revertedWithCustomError(payer, "ZeroEvidenceHash"),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(payer.complain(AGENT, MODEL, PAID[0], COMPLAINT_BOND, EVIDENCE_HASH, "")).to.be.revertedWithCustomError(
          payer,
          "EmptyEvidenceURI",
        ),
      );
    });

    it("refuses a complaint about an unknown agent, changing nothing", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const payer = ctx.stakes.connect(ctx.payer);
      for (const agentId of [0n, 9n]) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(payer.complain(agentId, MODEL, PAID[0], COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI))
            .to.be.revertedWithCustomError(payer, "UnknownAgent")
            .withArgs(agentId),
        );
      }
    });

    it("refuses a complaint from an account that did not pay that inference through that agent and model", async function () {
      const ctx = await loadFixture(deployAgentStakes);
      const { stakes, buyer, payer } = ctx;
      const unpaid = ethers.id("never paid");
      const cases = [
        { who: buyer, model: MODEL, id: PAID[0] }, // someone else's payment
        { who: payer, model: MODEL, id: unpaid }, // an id never paid
        { who: payer, model: BARE_MODEL, id: PAID[0] }, // paid, but for another model
      ];
      for (const { who, model, id } of cases) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(stakes.connect(who).complain(AGENT, model, id, COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI))
            .to.be.revertedWithCustomError(stakes, "NotPayer")
            .withArgs(who.address, AGENT, model, id),
        );
      }
    });

    it("refuses a second complaint about the same paid inference, even after the first was closed", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      const payer = ctx.stakes.connect(ctx.payer);
      const again = () => payer.complain(AGENT, MODEL, PAID[0], COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(again()).to.be.revertedWithCustomError(payer, "ComplaintAlreadyFiled").withArgs(1n),
      );
      await ctx.stakes.connect(ctx.resolver).resolveComplaint(1n, false);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(again()).to.be.revertedWithCustomError(payer, "ComplaintAlreadyFiled").withArgs(1n),
      );
      await expect(payer.complain(AGENT, MODEL, PAID[1], COMPLAINT_BOND, EVIDENCE_HASH, EVIDENCE_URI)).to.emit(
        payer,
        "ComplaintFiled",
      );
    });
  });

  describe("resolution", function () {
    it("upheld, slashes slashBps of the agent's stake: the complainant is owed its bond and half, the treasury the rest", async function () {
      const { stakes, token, resolver, payer, treasury } = await loadFixture(deployWithComplaint);
      const slashed = (AGENT_STAKE * (await stakes.slashBps())) / 10_000n;
      const reward = (slashed * (await stakes.COMPLAINANT_REWARD_BPS())) / 10_000n;
      expect(reward).to.equal(slashed / 2n);
      await expect(stakes.connect(resolver).resolveComplaint(1n, true))
        .to.emit(stakes, "ComplaintUpheld")
        .withArgs(1n, AGENT, COMPLAINT_BOND, reward, treasury.address, slashed - reward)
        .and.to.emit(stakes, "AgentStakeSlashed")
        .withArgs(AGENT, 1n, slashed);
      expect(await stakes.owed(payer.address)).to.equal(COMPLAINT_BOND + reward);
      expect(await stakes.owed(treasury.address)).to.equal(slashed - reward);
      expect((await stakes.stakeOf(AGENT)).active).to.equal(AGENT_STAKE - slashed);
      expect((await stakes.getComplaint(1n)).status).to.equal(2n);
      expect(await stakes.openComplaintsAgainst(AGENT)).to.equal(0n);
      await expectAgentStakesHold(stakes, token);
      await expect(stakes.connect(payer).withdraw(payer.address)).to.changeTokenBalances(
        token,
        [stakes, payer],
        [-(COMPLAINT_BOND + reward), COMPLAINT_BOND + reward],
      );
      await expectAgentStakesHold(stakes, token);
    });

    it("costs an owner that complains about its own agent through another account half the slash", async function () {
      // The payer stands for the owner's second account: it paid through the agent and files the complaint, to take
      // the slash back ahead of the agent's other complainants.
      const { stakes, token, resolver, payer: accomplice } = await loadFixture(deployWithComplaint);
      await stakes.connect(resolver).resolveComplaint(1n, true);
      const kept = (await stakes.stakeOf(AGENT)).active;
      const takenBack = (await stakes.owed(accomplice.address)) - COMPLAINT_BOND;
      const slashed = (AGENT_STAKE * (await stakes.slashBps())) / 10_000n;
      expect(kept + takenBack).to.be.lessThan(AGENT_STAKE);
      expect(AGENT_STAKE - (kept + takenBack)).to.equal(slashed / 2n);
      await expectAgentStakesHold(stakes, token);
    });

    it("slashes what is waiting to be unstaked too, so asking for the stake back does not escape a complaint", async function () {
      const { stakes, resolver, agentOwner } = await loadFixture(deployWithComplaint);
      await stakes.connect(agentOwner).requestUnstake(AGENT, AGENT_STAKE);
      await stakes.connect(resolver).resolveComplaint(1n, true);
      const s = await stakes.stakeOf(AGENT);
      expect([s.active, s.unstaking]).to.deep.equal([0n, AGENT_STAKE - AGENT_STAKE / 10n]);
    });

    it("dismissed, owes the bond to the protocol treasury and leaves the stake alone", async function () {
      const { stakes, token, resolver, treasury, payer } = await loadFixture(deployWithComplaint);
      await expect(stakes.connect(resolver).resolveComplaint(1n, false))
        .to.emit(stakes, "ComplaintDismissed")
        .withArgs(1n, AGENT, treasury.address, COMPLAINT_BOND);
      expect(await stakes.owed(treasury.address)).to.equal(COMPLAINT_BOND);
      expect(await stakes.owed(payer.address)).to.equal(0n);
      expect((await stakes.stakeOf(AGENT)).active).to.equal(AGENT_STAKE);
      expect((await stakes.getComplaint(1n)).status).to.equal(3n);
      await expectAgentStakesHold(stakes, token);
    });

    it("refuses a resolution by anyone but the resolver, changing nothing", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      for (const who of [ctx.admin, ctx.payer, ctx.agentOwner]) {
        await expectUnchanged(stateOf(ctx, PARTIES), () =>
          expect(ctx.stakes.connect(who).resolveComplaint(1n, true))
            .to.be.revertedWithCustomError(ctx.stakes, "AccessControlUnauthorizedAccount")
            .withArgs(who.address, ethers.id("RESOLVER_ROLE")),
        );
      }
    });

    it("refuses to resolve an unknown or closed complaint, changing nothing", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      const resolver = ctx.stakes.connect(ctx.resolver);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(resolver.resolveComplaint(2n, true))
          .to.be.revertedWithCustomError(resolver, "ComplaintNotOpen")
          .withArgs(2n, 0n),
      );
      await resolver.resolveComplaint(1n, true);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(resolver.resolveComplaint(1n, false))
          .to.be.revertedWithCustomError(resolver, "ComplaintNotOpen")
          .withArgs(1n, 2n),
      );
    });

    it("refuses a resolution once the resolution period is over, changing nothing", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      await passComplaintDeadline(ctx.stakes, 1n);
      const { deadline } = await ctx.stakes.getComplaint(1n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.stakes.connect(ctx.resolver).resolveComplaint(1n, true))
          .to.be.revertedWithCustomError(ctx.stakes, "ComplaintResolutionOver")
          .withArgs(1n, deadline),
      );
    });
  });

  describe("expiry", function () {
    it("lets anyone expire an unresolved complaint after its deadline: the bond back, the stake untouched", async function () {
      const { stakes, token, buyer, payer } = await loadFixture(deployWithComplaint);
      await passComplaintDeadline(stakes, 1n);
      await expect(stakes.connect(buyer).expireComplaint(1n))
        .to.emit(stakes, "ComplaintExpired")
        .withArgs(1n, AGENT, COMPLAINT_BOND);
      expect(await stakes.owed(payer.address)).to.equal(COMPLAINT_BOND);
      expect((await stakes.stakeOf(AGENT)).active).to.equal(AGENT_STAKE);
      expect((await stakes.getComplaint(1n)).status).to.equal(4n);
      await expectAgentStakesHold(stakes, token);
    });

    it("refuses to expire a complaint before its deadline, or one already closed, changing nothing", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      const { deadline } = await ctx.stakes.getComplaint(1n);
      await time.increaseTo(deadline - 2n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.stakes.expireComplaint(1n))
          .to.be.revertedWithCustomError(ctx.stakes, "ComplaintNotExpired")
          .withArgs(1n, deadline),
      );
      await time.increaseTo(deadline);
      await ctx.stakes.expireComplaint(1n);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(ctx.stakes.expireComplaint(1n))
          .to.be.revertedWithCustomError(ctx.stakes, "ComplaintNotOpen")
          .withArgs(1n, 4n),
      );
    });
  });

  describe("withdrawing", function () {
    it("refuses a zero or self recipient, and an account owed nothing, changing nothing", async function () {
      const ctx = await loadFixture(deployWithComplaint);
      const { stakes, resolver, payer } = ctx;
      await stakes.connect(resolver).resolveComplaint(1n, true);
      const owed = stakes.connect(payer);
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(owed.withdraw(ethers.ZeroAddress)).to.be.revertedWithCustomError(owed, "ZeroAddress"),
      );
      const self = await stakes.getAddress();
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(owed.withdraw(self)).to.be.revertedWithCustomError(owed, "InvalidRecipient").withArgs(self),
      );
      await expectUnchanged(stateOf(ctx, PARTIES), () =>
        expect(stakes.connect(ctx.buyer).withdraw(ctx.buyer.address))
          .to.be.revertedWithCustomError(stakes, "NothingToWithdraw")
          .withArgs(ctx.buyer.address),
      );
    });

    it("sends what is owed to another address and emits it", async function () {
      const { stakes, token, resolver, treasury, buyer } = await loadFixture(deployWithComplaint);
      await stakes.connect(resolver).resolveComplaint(1n, false);
      const tx = stakes.connect(treasury).withdraw(buyer.address);
      await expect(tx).to.emit(stakes, "Withdrawn").withArgs(treasury.address, buyer.address, COMPLAINT_BOND);
      await expect(tx).to.changeTokenBalances(token, [stakes, buyer], [-COMPLAINT_BOND, COMPLAINT_BOND]);
      expect(await stakes.totalOwed()).to.equal(0n);
      await expectAgentStakesHold(stakes, token);
    });
  });
});
