// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "../interfaces/ISharedErrors.sol";

/// @title OwedLedger
/// @notice What a contract owes to each account (returned bonds, rewards, forfeits) and the sum of it, paid by pull:
/// the bookkeeping RootChallenges and AgentStakes share.
library OwedLedger {
    /// @notice Balances owed and their sum.
    struct Ledger {
        mapping(address account => uint256) owed;
        uint256 total;
    }

    /// @dev Adds `amount` to what `account` is owed.
    function credit(Ledger storage ledger, address account, uint256 amount) internal {
        ledger.owed[account] += amount;
        ledger.total += amount;
    }

    /// @dev Zeroes what `account` is owed and returns it, for the caller to send to `to` (checked here).
    function take(Ledger storage ledger, address account, address to) internal returns (uint256 amount) {
        if (to == address(0)) revert ISharedErrors.ZeroAddress();
        // Sent to the contract itself, the OPEN would stay there owed to nobody.
        if (to == address(this)) revert ISharedErrors.InvalidRecipient(to);
        amount = ledger.owed[account];
        if (amount == 0) revert ISharedErrors.NothingToWithdraw(account);
        ledger.owed[account] = 0;
        // unchecked: `amount` is one of the balances `total` sums.
        unchecked {
            ledger.total -= amount;
        }
    }
}
