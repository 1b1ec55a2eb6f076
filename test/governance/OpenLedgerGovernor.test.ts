// The Governor over OPEN's votes and its timelock: a whole proposal, the caps a vote cannot break, and bad input.
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { ethers } from "hardhat";
import {
  State,
  Vote,
  governed,
  passAndQueue,
  proposalId,
  proposeAndOpen,
  setSharesProposal,
  waitOutTimelock,
} from "./fixtures";
import { expectUnchanged } from "../helpers/snapshot";

const NEW_SHARES = { protocolBps: 400, agentOwnerBps: 1_600, modelOwnerBps: 2_500, dataPoolBps: 5_500 };

/** The shares as the contract returns them, for comparing. */
const asTuple = (s: typeof NEW_SHARES) => [s.protocolBps, s.agentOwnerBps, s.modelOwnerBps, s.dataPoolBps].map(BigInt);

describe("OpenLedgerGovernor", function () {
  describe("a proposal that changes the shares", function () {
    it("goes from pending to executed and changes the shares only when executed", async function () {
      const { suite, whale } = await loadFixture(governed);
      const { governor, rewards } = suite;
      const before = await rewards.shares();
      const p = await setSharesProposal(suite, NEW_SHARES);
      await governor.propose(p.targets, p.values, p.calldatas, p.description);
      const id = await proposalId(suite, p);
      expect(await governor.state(id)).to.equal(State.Pending);

      await time.increase((await governor.votingDelay()) + 1n);
      expect(await governor.state(id)).to.equal(State.Active);
      await expect(governor.castVote(id, Vote.For)).to.emit(governor, "VoteCast");
      const [against, forVotes, abstain] = await governor.proposalVotes(id);
      expect([against, forVotes, abstain]).to.deep.equal([0n, await suite.token.getVotes(whale.address), 0n]);

      await time.increase(await governor.votingPeriod());
      expect(await governor.state(id)).to.equal(State.Succeeded);
      expect(await governor.proposalNeedsQueuing(id)).to.equal(true);
      await governor.queue(p.targets, p.values, p.calldatas, ethers.id(p.description));
      expect(await governor.state(id)).to.equal(State.Queued);
      expect(await rewards.shares()).to.deep.equal(before);

      await waitOutTimelock(suite);
      await expect(governor.execute(p.targets, p.values, p.calldatas, ethers.id(p.description)))
        .to.emit(rewards, "SharesSet")
        .withArgs(asTuple(NEW_SHARES));
      expect(await governor.state(id)).to.equal(State.Executed);
      expect(await rewards.shares()).to.deep.equal(asTuple(NEW_SHARES));
    });

    it("is defeated when the votes against outnumber those for", async function () {
      const { suite, whale, proposer } = await loadFixture(governed);
      const id = await proposeAndOpen(suite, proposer, await setSharesProposal(suite, NEW_SHARES));
      await suite.governor.connect(proposer).castVote(id, Vote.For);
      await suite.governor.connect(whale).castVote(id, Vote.Against);
      await time.increase(await suite.governor.votingPeriod());
      expect(await suite.governor.state(id)).to.equal(State.Defeated);
    });

    it("is defeated without the quorum, even with no vote against", async function () {
      const { suite, proposer } = await loadFixture(governed);
      const id = await proposeAndOpen(suite, proposer, await setSharesProposal(suite, NEW_SHARES));
      await suite.governor.connect(proposer).castVote(id, Vote.For);
      await time.increase(await suite.governor.votingPeriod());
      expect(await suite.governor.state(id)).to.equal(State.Defeated);
    });

    it("can be cancelled by its proposer before voting starts", async function () {
      const { suite, proposer } = await loadFixture(governed);
      const p = await setSharesProposal(suite, NEW_SHARES);
      await suite.governor.connect(proposer).propose(p.targets, p.values, p.calldatas, p.description);
      const id = await proposalId(suite, p);
      await suite.governor.connect(proposer).cancel(p.targets, p.values, p.calldatas, ethers.id(p.description));
      expect(await suite.governor.state(id)).to.equal(State.Canceled);
    });
  });

  describe("hard caps a vote cannot break", function () {
    it("fails at execution a protocol share above MAX_PROTOCOL_BPS, with the contract's error", async function () {
      const { suite, whale } = await loadFixture(governed);
      const cap = await suite.rewards.MAX_PROTOCOL_BPS();
      const bad = { protocolBps: Number(cap) + 1, agentOwnerBps: 1_000, modelOwnerBps: 2_999, dataPoolBps: 5_000 };
      const p = await setSharesProposal(suite, bad);
      const id = await passAndQueue(suite, whale, p);
      await waitOutTimelock(suite);
      await expectUnchanged(
        () => suite.rewards.shares(),
        () =>
          expect(suite.governor.execute(p.targets, p.values, p.calldatas, ethers.id(p.description)))
            .to.be.revertedWithCustomError(suite.rewards, "ProtocolShareAboveCap")
            .withArgs(cap + 1n, cap),
      );
      expect(await suite.governor.state(id)).to.equal(State.Queued);
    });

    it("fails at execution a quorum of zero, with the Governor's error", async function () {
      const { suite, whale } = await loadFixture(governed);
      const { governor } = suite;
      const p = {
        targets: [await governor.getAddress()],
        values: [0n],
        calldatas: [governor.interface.encodeFunctionData("updateQuorumNumerator", [0])],
        description: "Drop the quorum",
      };
      await passAndQueue(suite, whale, p);
      await waitOutTimelock(suite);
      const [min, max] = [await governor.MIN_QUORUM_PERCENT(), await governor.MAX_QUORUM_PERCENT()];
      await expect(governor.execute(p.targets, p.values, p.calldatas, ethers.id(p.description)))
        .to.be.revertedWithCustomError(governor, "QuorumOutOfBounds")
        .withArgs(0n, min, max);
      expect(await governor["quorumNumerator()"]()).to.equal(4n);
    });

    it("applies a setting within its bounds once a vote passes it", async function () {
      const { suite, whale } = await loadFixture(governed);
      const { governor } = suite;
      const period = await governor.MAX_VOTING_PERIOD();
      const p = {
        targets: [await governor.getAddress()],
        values: [0n],
        calldatas: [governor.interface.encodeFunctionData("setVotingPeriod", [period])],
        description: "Longest voting period",
      };
      await passAndQueue(suite, whale, p);
      await waitOutTimelock(suite);
      await governor.execute(p.targets, p.values, p.calldatas, ethers.id(p.description));
      expect(await governor.votingPeriod()).to.equal(period);
    });
  });

  describe("bad input", function () {
    it("refuses a proposal from an account below the threshold, and records none", async function () {
      const { suite, small } = await loadFixture(governed);
      const { governor } = suite;
      const p = await setSharesProposal(suite, NEW_SHARES);
      const threshold = await governor.proposalThreshold();
      await expect(governor.connect(small).propose(p.targets, p.values, p.calldatas, p.description))
        .to.be.revertedWithCustomError(governor, "GovernorInsufficientProposerVotes")
        .withArgs(small.address, threshold - 1n, threshold);
      const id = await proposalId(suite, p);
      await expect(governor.state(id)).to.be.revertedWithCustomError(governor, "GovernorNonexistentProposal");
    });

    it("refuses a vote before the voting period and after it, and counts neither", async function () {
      const { suite, whale } = await loadFixture(governed);
      const { governor } = suite;
      const p = await setSharesProposal(suite, NEW_SHARES);
      await governor.propose(p.targets, p.values, p.calldatas, p.description);
      const id = await proposalId(suite, p);
      await expect(governor.castVote(id, Vote.For))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, State.Pending, ethers.toBeHex(1n << State.Active, 32));
      await time.increase((await governor.votingDelay()) + (await governor.votingPeriod()) + 1n);
      await expect(governor.castVote(id, Vote.For))
        .to.be.revertedWithCustomError(governor, "GovernorUnexpectedProposalState")
        .withArgs(id, State.Defeated, ethers.toBeHex(1n << State.Active, 32));
      expect(await governor.proposalVotes(id)).to.deep.equal([0n, 0n, 0n]);
      expect(await governor.hasVoted(id, whale.address)).to.equal(false);
    });

    it("refuses a second vote from the same account, and keeps the first", async function () {
      const { suite, whale } = await loadFixture(governed);
      const { governor } = suite;
      const id = await proposeAndOpen(suite, whale, await setSharesProposal(suite, NEW_SHARES));
      await governor.castVote(id, Vote.Abstain);
      await expectUnchanged(
        () => governor.proposalVotes(id),
        () =>
          expect(governor.castVote(id, Vote.Against))
            .to.be.revertedWithCustomError(governor, "GovernorAlreadyCastVote")
            .withArgs(whale.address),
      );
      expect((await governor.proposalVotes(id))[2]).to.equal(await suite.token.getVotes(whale.address));
    });

    it("refuses to execute before the timelock delay has passed, and changes nothing", async function () {
      const { suite, whale } = await loadFixture(governed);
      const p = await setSharesProposal(suite, NEW_SHARES);
      const id = await passAndQueue(suite, whale, p);
      await expectUnchanged(
        () => suite.rewards.shares(),
        () =>
          expect(
            suite.governor.execute(p.targets, p.values, p.calldatas, ethers.id(p.description)),
          ).to.be.revertedWithCustomError(suite.timelock, "TimelockUnexpectedOperationState"),
      );
      expect(await suite.governor.state(id)).to.equal(State.Queued);
    });

    it("refuses to schedule in the timelock for anyone but the Governor", async function () {
      const { suite, whale } = await loadFixture(governed);
      const role = await suite.timelock.PROPOSER_ROLE();
      await expect(suite.timelock.schedule(ethers.ZeroAddress, 0n, "0x", ethers.ZeroHash, ethers.ZeroHash, 86_400n))
        .to.be.revertedWithCustomError(suite.timelock, "AccessControlUnauthorizedAccount")
        .withArgs(whale.address, role);
    });
  });

  describe("settings at deployment", function () {
    const cases = [
      { name: "a voting delay below the floor", args: [3_599, 86_400, 0, 4], error: "VotingDelayOutOfBounds" },
      { name: "a voting delay above the cap", args: [30 * 86_400 + 1, 86_400, 0, 4], error: "VotingDelayOutOfBounds" },
      { name: "a voting period below the floor", args: [3_600, 86_399, 0, 4], error: "VotingPeriodOutOfBounds" },
      { name: "a voting period above the cap", args: [3_600, 30 * 86_400 + 1, 0, 4], error: "VotingPeriodOutOfBounds" },
      {
        name: "a proposal threshold above the cap",
        args: [3_600, 86_400, ethers.parseEther("10000000") + 1n, 4],
        error: "ProposalThresholdAboveCap",
      },
      { name: "a quorum below the floor", args: [3_600, 86_400, 0, 0], error: "QuorumOutOfBounds" },
      { name: "a quorum above the cap", args: [3_600, 86_400, 0, 21], error: "QuorumOutOfBounds" },
    ] as const;

    for (const { name, args, error } of cases) {
      it(`refuses ${name}`, async function () {
        const { suite } = await loadFixture(governed);
        const factory = await ethers.getContractFactory("OpenLedgerGovernor");
        await expect(
          factory.deploy(
            await suite.token.getAddress(),
            await suite.timelock.getAddress(),
            args[0],
            args[1],
            args[2],
            args[3],
          ),
        ).to.be.revertedWithCustomError(factory, error);
      });
    }

    it("accepts the bounds themselves", async function () {
      const { suite } = await loadFixture(governed);
      const factory = await ethers.getContractFactory("OpenLedgerGovernor");
      const edge = await factory.deploy(
        await suite.token.getAddress(),
        await suite.timelock.getAddress(),
        30 * 86_400,
        30 * 86_400,
        ethers.parseEther("10000000"),
        20,
      );
      expect(await edge.votingDelay()).to.equal(BigInt(30 * 86_400));
      expect(await edge.proposalThreshold()).to.equal(ethers.parseEther("10000000"));
      expect(await edge.CLOCK_MODE()).to.equal("mode=timestamp");
    });
  });
});
