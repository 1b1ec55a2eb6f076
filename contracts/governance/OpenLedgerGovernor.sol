// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Governor} from "@openzeppelin/contracts/governance/Governor.sol";
import {GovernorCountingSimple} from "@openzeppelin/contracts/governance/extensions/GovernorCountingSimple.sol";
import {GovernorSettings} from "@openzeppelin/contracts/governance/extensions/GovernorSettings.sol";
import {GovernorTimelockControl} from "@openzeppelin/contracts/governance/extensions/GovernorTimelockControl.sol";
import {GovernorVotes} from "@openzeppelin/contracts/governance/extensions/GovernorVotes.sol";
import {GovernorVotesQuorumFraction} from "@openzeppelin/contracts/governance/extensions/GovernorVotesQuorumFraction.sol";
import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IVotes} from "@openzeppelin/contracts/governance/utils/IVotes.sol";
import {IOpenLedgerGovernor} from "../interfaces/IOpenLedgerGovernor.sol";

/// @title OpenLedgerGovernor
/// @notice OPEN holders govern the suite's economics through this Governor: a proposal is voted on with OPEN's
/// delegated votes (For / Against / Abstain), queued in the timelock that holds the economic roles, and executed
/// after its delay. OpenZeppelin's Governor and extensions do all of that; this contract only bounds the settings
/// (delay, period, threshold, quorum), at deployment and on every change a vote makes.
/// @dev The clock is OPEN's (timestamps), so every delay and period is in seconds.
contract OpenLedgerGovernor is
    IOpenLedgerGovernor,
    Governor,
    GovernorSettings,
    GovernorCountingSimple,
    GovernorVotes,
    GovernorVotesQuorumFraction,
    GovernorTimelockControl
{
    // ------------------------------------------------------------------------------------------------------------
    // Constants
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenLedgerGovernor
    /// @dev One hour: holders see a proposal, and can delegate, before the snapshot of votes is taken.
    uint48 public constant MIN_VOTING_DELAY = 1 hours;
    /// @inheritdoc IOpenLedgerGovernor
    /// @dev Thirty days: a proposal cannot be announced now and voted on in a distant, quieter month.
    uint48 public constant MAX_VOTING_DELAY = 30 days;
    /// @inheritdoc IOpenLedgerGovernor
    /// @dev One day: every time zone gets a full day to vote; nothing passes while holders sleep.
    uint32 public constant MIN_VOTING_PERIOD = 1 days;
    /// @inheritdoc IOpenLedgerGovernor
    /// @dev Thirty days: no proposal holds its outcome open for more than a month.
    uint32 public constant MAX_VOTING_PERIOD = 30 days;
    /// @inheritdoc IOpenLedgerGovernor
    /// @dev 1% of OPEN's fixed supply: above it only a handful of holders could ever propose anything.
    uint256 public constant MAX_PROPOSAL_THRESHOLD = 10_000_000 ether;
    /// @inheritdoc IOpenLedgerGovernor
    /// @dev 1%: without a quorum one small holder could pass anything in a quiet week.
    uint256 public constant MIN_QUORUM_PERCENT = 1;
    /// @inheritdoc IOpenLedgerGovernor
    /// @dev 20%: token votes rarely draw more; above it nothing could pass, not even a vote lowering it again.
    uint256 public constant MAX_QUORUM_PERCENT = 20;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token OPEN, whose delegated votes count (checkpointed by timestamp).
    /// @param timelock The timelock that queues and executes passed proposals and holds the economic roles.
    /// @param votingDelay_ Seconds from a proposal to its snapshot and the start of voting; within the bounds.
    /// @param votingPeriod_ Seconds voting stays open; within the bounds.
    /// @param proposalThreshold_ Votes (wei of OPEN) a proposer needs; at most MAX_PROPOSAL_THRESHOLD.
    /// @param quorumPercent Percent of the supply that must vote For or Abstain; within the bounds.
    constructor(
        IVotes token,
        TimelockController timelock,
        uint48 votingDelay_,
        uint32 votingPeriod_,
        uint256 proposalThreshold_,
        uint256 quorumPercent
    )
        Governor("OpenLedger Governor")
        GovernorSettings(votingDelay_, votingPeriod_, proposalThreshold_)
        GovernorVotes(token)
        GovernorVotesQuorumFraction(quorumPercent)
        GovernorTimelockControl(timelock)
    {}

    // ------------------------------------------------------------------------------------------------------------
    // External views (the overrides Solidity asks for between the extensions)
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc Governor
    function state(uint256 proposalId) public view override(Governor, GovernorTimelockControl) returns (ProposalState) {
        return super.state(proposalId);
    }

    /// @inheritdoc Governor
    function proposalNeedsQueuing(
        uint256 proposalId
    ) public view override(Governor, GovernorTimelockControl) returns (bool) {
        return super.proposalNeedsQueuing(proposalId);
    }

    /// @inheritdoc Governor
    function proposalThreshold() public view override(Governor, GovernorSettings) returns (uint256) {
        return super.proposalThreshold();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Bounds the voting delay, at deployment and on `setVotingDelay`.
    function _setVotingDelay(uint48 newVotingDelay) internal override {
        if (newVotingDelay < MIN_VOTING_DELAY || newVotingDelay > MAX_VOTING_DELAY) {
            revert VotingDelayOutOfBounds(newVotingDelay, MIN_VOTING_DELAY, MAX_VOTING_DELAY);
        }
        super._setVotingDelay(newVotingDelay);
    }

    /// @dev Bounds the voting period, at deployment and on `setVotingPeriod`.
    function _setVotingPeriod(uint32 newVotingPeriod) internal override {
        if (newVotingPeriod < MIN_VOTING_PERIOD || newVotingPeriod > MAX_VOTING_PERIOD) {
            revert VotingPeriodOutOfBounds(newVotingPeriod, MIN_VOTING_PERIOD, MAX_VOTING_PERIOD);
        }
        super._setVotingPeriod(newVotingPeriod);
    }

    /// @dev Caps the proposal threshold, at deployment and on `setProposalThreshold`.
    function _setProposalThreshold(uint256 newProposalThreshold) internal override {
        if (newProposalThreshold > MAX_PROPOSAL_THRESHOLD) {
            revert ProposalThresholdAboveCap(newProposalThreshold, MAX_PROPOSAL_THRESHOLD);
        }
        super._setProposalThreshold(newProposalThreshold);
    }

    /// @dev Bounds the quorum, at deployment and on `updateQuorumNumerator`.
    function _updateQuorumNumerator(uint256 newQuorumNumerator) internal override {
        if (newQuorumNumerator < MIN_QUORUM_PERCENT || newQuorumNumerator > MAX_QUORUM_PERCENT) {
            revert QuorumOutOfBounds(newQuorumNumerator, MIN_QUORUM_PERCENT, MAX_QUORUM_PERCENT);
        }
        super._updateQuorumNumerator(newQuorumNumerator);
    }

    function _queueOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint48) {
        return super._queueOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _executeOperations(
        uint256 proposalId,
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) {
        super._executeOperations(proposalId, targets, values, calldatas, descriptionHash);
    }

    function _cancel(
        address[] memory targets,
        uint256[] memory values,
        bytes[] memory calldatas,
        bytes32 descriptionHash
    ) internal override(Governor, GovernorTimelockControl) returns (uint256) {
        return super._cancel(targets, values, calldatas, descriptionHash);
    }

    function _executor() internal view override(Governor, GovernorTimelockControl) returns (address) {
        return super._executor();
    }
}
