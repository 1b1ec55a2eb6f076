// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Address} from "@openzeppelin/contracts/utils/Address.sol";

/// @title ReentrantStakeToken
/// @notice Test-only ERC-20 that, on its next transfer, calls a target back with preset calldata and bubbles any
/// revert: it shows that the functions of a staking contract which move tokens cannot be re-entered.
contract ReentrantStakeToken is ERC20 {
    address private _target;
    bytes private _callData;

    constructor() ERC20("Reentrant", "REENTER") {
        _mint(msg.sender, 1_000_000 ether);
    }

    /// @notice Arms the hook: the next transfer calls `target` with `callData`, once.
    function reenterOnNextTransfer(address target, bytes calldata callData) external {
        _target = target;
        _callData = callData;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address target = _target;
        if (target != address(0)) {
            _target = address(0);
            Address.functionCall(target, _callData);
        }
    }
}
