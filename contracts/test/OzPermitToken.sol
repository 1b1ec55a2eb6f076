// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @title OzPermitToken
/// @notice OpenZeppelin's ERC20 with permit and nothing else: the gas benchmark's baseline for OPEN's transfer.
contract OzPermitToken is ERC20, ERC20Permit {
    constructor(uint256 supply) ERC20("OZ Permit Baseline", "OZP") ERC20Permit("OZ Permit Baseline") {
        _mint(msg.sender, supply);
    }
}
