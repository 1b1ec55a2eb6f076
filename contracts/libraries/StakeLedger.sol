// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "../interfaces/ISharedErrors.sol";

/// @title StakeLedger
/// @notice One stake that can be slashed while it is being taken back: the bookkeeping attributor and agent stakes
/// share (lock, request back with a delay, release, slash active first), without the checks of who may do what.
library StakeLedger {
    /// @notice A stake. Both parts can be slashed; only `active` counts towards a minimum.
    struct Stake {
        uint256 active; // locked, counts towards the minimum
        uint256 unstaking; // requested back, waiting until `unlockAt`
        uint64 unlockAt; // when `unstaking` may be taken back
    }

    uint16 private constant _BPS = 10_000;

    /// @dev Adds `amount` to the active stake and returns the active stake after.
    function lock(Stake storage s, uint256 amount) internal returns (uint256 active) {
        if (amount == 0) revert ISharedErrors.ZeroAmount();
        active = s.active + amount;
        s.active = active;
    }

    /// @dev Moves `amount` from active to unstaking and restarts the wait: it may be taken `delay` seconds from now.
    function request(Stake storage s, uint256 amount, uint64 delay) internal returns (uint64 unlockAt) {
        if (amount == 0) revert ISharedErrors.ZeroAmount();
        uint256 active = s.active;
        if (amount > active) revert ISharedErrors.UnstakeExceedsStake(amount, active);
        // unchecked: amount <= active, checked just above.
        unchecked {
            s.active = active - amount;
        }
        s.unstaking += amount;
        // uint64 seconds last for billions of years: the sum cannot overflow before then.
        unlockAt = uint64(block.timestamp) + delay;
        s.unlockAt = unlockAt;
    }

    /// @dev Empties the unstaking part and returns it; the caller has checked that its wait is over.
    function release(Stake storage s) internal returns (uint256 amount) {
        amount = s.unstaking;
        s.unstaking = 0;
        s.unlockAt = 0;
    }

    /// @dev Takes `slashBps` of the whole stake (floored: the dust stays staked), active first, then unstaking.
    function slash(Stake storage s, uint16 slashBps) internal returns (uint256 amount) {
        uint256 active = s.active;
        amount = ((active + s.unstaking) * slashBps) / _BPS;
        if (amount <= active) {
            // unchecked: amount <= active, checked just above.
            unchecked {
                s.active = active - amount;
            }
        } else {
            s.active = 0;
            // Checked: slashBps <= 10,000, so amount - active <= unstaking.
            s.unstaking -= amount - active;
        }
    }
}
