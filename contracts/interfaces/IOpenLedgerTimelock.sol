// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IOpenLedgerTimelock
/// @notice What OpenLedger's timelock adds to OpenZeppelin's `TimelockController`: bounds on its delay, so that no
/// proposal can remove the time holders have to react to a passed change, nor park every change for months.
interface IOpenLedgerTimelock {
    /// @notice The delay is outside [MIN_TIMELOCK_DELAY, MAX_TIMELOCK_DELAY].
    error TimelockDelayOutOfBounds(uint256 delay, uint256 min, uint256 max);

    /// @notice The shortest delay between queueing and executing an operation, in seconds.
    function MIN_TIMELOCK_DELAY() external view returns (uint256);

    /// @notice The longest delay between queueing and executing an operation, in seconds.
    function MAX_TIMELOCK_DELAY() external view returns (uint256);
}
