// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";

/// @title ReentrantReceiver
/// @notice A malicious party for tests: an owner or contributor contract that, on hearing of an incoming transfer,
/// calls back into AttributionRewards with preset calldata (withdraw again, claim again, ...).
/// @dev The reentrant call's failure is recorded, not bubbled.
contract ReentrantReceiver {
    IAttributionRewards private immutable _REWARDS;
    bytes private _payload;

    /// @notice Whether the callback was made, whether it succeeded, and what it reverted with.
    bool public attempted;
    bool public reentrySucceeded;
    bytes public reentryError;

    constructor(IAttributionRewards rewards) {
        _REWARDS = rewards;
    }

    /// @notice Sets the calldata sent to AttributionRewards on the next incoming transfer.
    function setPayload(bytes calldata payload) external {
        _payload = payload;
    }

    /// @notice Withdraws what this contract accrued (as a model or agent owner) to itself.
    function withdraw() external returns (uint256) {
        return _REWARDS.withdraw(address(this));
    }

    /// @notice Called by the token on an incoming transfer: reenters once.
    function onTokenReceived(address, uint256) external {
        if (attempted || _payload.length == 0) return;
        attempted = true;
        // solhint-disable-next-line avoid-low-level-calls
        (bool ok, bytes memory returned) = address(_REWARDS).call(_payload);
        reentrySucceeded = ok;
        reentryError = ok ? bytes("") : returned;
    }
}
