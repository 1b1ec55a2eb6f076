// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";

/// @title FeeOnTransferToken
/// @notice Test token that burns `feeBps` of every transfer between two holders (not of mints or burns), so a
/// recipient receives less than was sent: what the suite's contracts must notice instead of booking the full amount.
contract FeeOnTransferToken is ERC20, ERC20Burnable {
    uint16 private constant _BPS = 10_000;
    uint16 public immutable FEE_BPS;

    constructor(uint16 feeBps) ERC20("Fee On Transfer", "FOT") {
        FEE_BPS = feeBps;
        _mint(msg.sender, 1_000_000 ether);
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @dev Takes the fee out of what the recipient gets: the sender pays `value`, the recipient receives less.
    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = (value * FEE_BPS) / _BPS;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
