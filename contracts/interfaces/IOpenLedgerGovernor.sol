// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOpenLedgerGovernor
/// @notice What OpenLedger's Governor adds to OpenZeppelin's: hard bounds on the settings a vote may change, so
/// that no proposal can make governance itself unusable (a period nobody can vote in, a quorum nobody can reach)
/// or capturable (no quorum at all).
/// @dev The Governor is OpenZeppelin's `Governor` with Settings, CountingSimple, Votes (OPEN, timestamp clock),
/// QuorumFraction and TimelockControl; every setting is in seconds because the clock is a timestamp.
interface IOpenLedgerGovernor {
    /// @notice The voting delay is outside [MIN_VOTING_DELAY, MAX_VOTING_DELAY].
    error VotingDelayOutOfBounds(uint256 votingDelay, uint256 min, uint256 max);
    /// @notice The voting period is outside [MIN_VOTING_PERIOD, MAX_VOTING_PERIOD].
    error VotingPeriodOutOfBounds(uint256 votingPeriod, uint256 min, uint256 max);
    /// @notice The proposal threshold is above MAX_PROPOSAL_THRESHOLD.
    error ProposalThresholdAboveCap(uint256 proposalThreshold, uint256 cap);
    /// @notice The quorum numerator (percent of the supply) is outside [MIN_QUORUM_PERCENT, MAX_QUORUM_PERCENT].
    error QuorumOutOfBounds(uint256 quorumPercent, uint256 min, uint256 max);

    /// @notice The shortest voting delay, in seconds.
    function MIN_VOTING_DELAY() external view returns (uint48);

    /// @notice The longest voting delay, in seconds.
    function MAX_VOTING_DELAY() external view returns (uint48);

    /// @notice The shortest voting period, in seconds.
    function MIN_VOTING_PERIOD() external view returns (uint32);

    /// @notice The longest voting period, in seconds.
    function MAX_VOTING_PERIOD() external view returns (uint32);

    /// @notice The highest proposal threshold, in wei of OPEN votes.
    function MAX_PROPOSAL_THRESHOLD() external view returns (uint256);

    /// @notice The lowest quorum, in percent of OPEN's supply at the proposal's snapshot.
    function MIN_QUORUM_PERCENT() external view returns (uint256);

    /// @notice The highest quorum, in percent of OPEN's supply at the proposal's snapshot.
    function MAX_QUORUM_PERCENT() external view returns (uint256);
}
