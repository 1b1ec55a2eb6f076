// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice What a recipient contract implements to hear of incoming transfers (ERC-777 style hook).
interface ITokenRecipient {
    function onTokenReceived(address from, uint256 amount) external;
}

/// @title ReentrantToken
/// @notice A malicious ERC-20 for tests: during a transfer it calls back into a target with armed calldata, and it
/// can notify recipient contracts (ERC-777 style), which lets a receiver contract reenter.
/// @dev The reentrant call's failure is recorded, not bubbled, so a test can check both that it failed and that the
/// outer call left the books consistent.
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _payload;
    bool private _armed;
    bool private _notifyRecipients;

    /// @notice Whether an armed call was made, whether it succeeded, and what it reverted with.
    bool public attempted;
    bool public reentrySucceeded;
    bytes public reentryError;

    constructor() ERC20("Reentrant", "REENT") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Makes the next transfer call `target` with `payload` once.
    function arm(address target, bytes calldata payload) external {
        _target = target;
        _payload = payload;
        _armed = true;
    }

    /// @notice Makes transfers call `onTokenReceived` on recipients that are contracts.
    function setNotifyRecipients(bool notify) external {
        _notifyRecipients = notify;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (_armed) {
            _armed = false;
            attempted = true;
            // solhint-disable-next-line avoid-low-level-calls
            (bool ok, bytes memory returned) = _target.call(_payload);
            reentrySucceeded = ok;
            reentryError = ok ? bytes("") : returned;
        }
        if (_notifyRecipients && to.code.length != 0) ITokenRecipient(to).onTokenReceived(from, value);
    }
}
