// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {TimelockController} from "@openzeppelin/contracts/governance/TimelockController.sol";
import {IOpenLedgerTimelock} from "../interfaces/IOpenLedgerTimelock.sol";

/// @title OpenLedgerTimelock
/// @notice The timelock that holds every economic admin role of the suite: a passed proposal waits here for the
/// delay before it takes effect. OpenZeppelin's `TimelockController`, with its delay bounded at deployment and on
/// every `updateDelay` (which only the timelock itself, that is a passed proposal, may call).
contract OpenLedgerTimelock is IOpenLedgerTimelock, TimelockController {
    // ------------------------------------------------------------------------------------------------------------
    // Constants
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IOpenLedgerTimelock
    /// @dev One day: a holder who disagrees with a passed change always has a day to act before it applies.
    uint256 public constant MIN_TIMELOCK_DELAY = 1 days;
    /// @inheritdoc IOpenLedgerTimelock
    /// @dev Thirty days: a vote cannot park every later change, a fix included, for longer than a month.
    uint256 public constant MAX_TIMELOCK_DELAY = 30 days;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param minDelay Seconds between queueing and executing; within the bounds.
    /// @param proposers Granted PROPOSER_ROLE and CANCELLER_ROLE (the Governor; may be empty and granted later).
    /// @param executors Granted EXECUTOR_ROLE (the Governor; the zero address would let anyone execute).
    /// @param admin Granted DEFAULT_ADMIN_ROLE for the setup, to renounce once done; zero for none.
    constructor(
        uint256 minDelay,
        address[] memory proposers,
        address[] memory executors,
        address admin
    ) TimelockController(minDelay, proposers, executors, admin) {
        _checkDelay(minDelay);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @notice Changes the delay within the bounds. Only the timelock itself (a passed proposal).
    /// @dev The caller is checked first (by OpenZeppelin), so a stranger learns nothing but that it may not call.
    function updateDelay(uint256 newDelay) public override {
        super.updateDelay(newDelay);
        _checkDelay(newDelay);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    function _checkDelay(uint256 delay) private pure {
        if (delay < MIN_TIMELOCK_DELAY || delay > MAX_TIMELOCK_DELAY) {
            revert TimelockDelayOutOfBounds(delay, MIN_TIMELOCK_DELAY, MAX_TIMELOCK_DELAY);
        }
    }
}
