// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {ERC20VotesPacked} from "./ERC20VotesPacked.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {IOpenToken} from "../interfaces/IOpenToken.sol";

/// @title OpenToken
/// @notice The OPEN token: fixed supply, burnable, EIP-2612 permit, and ERC20Votes on a timestamp clock so that
/// governance behaves the same on L2s whose block numbers mean little. Balances and delegatees share a slot
/// (ERC20VotesPacked), so a transfer between holders who have not delegated writes no checkpoint and reads no
/// extra slot.
contract OpenToken is IOpenToken, ERC20, ERC20Burnable, ERC20Permit, ERC20VotesPacked {
    /// @inheritdoc IOpenToken
    uint256 public constant TOTAL_SUPPLY = 1_000_000_000 ether;

    /// @param treasury Receives the whole supply; it cannot be the zero address.
    constructor(address treasury) ERC20("OpenLedger", "OPEN") ERC20Permit("OpenLedger") {
        if (treasury == address(0)) revert ZeroAddress();
        _mint(treasury, TOTAL_SUPPLY);
        emit SupplyMinted(treasury, TOTAL_SUPPLY);
    }

    /// @notice The EIP-6372 clock: seconds since the epoch, so votes are checkpointed by timestamp.
    function clock() public view override returns (uint48) {
        return uint48(block.timestamp);
    }

    /// @notice Describes the clock, as EIP-6372 requires.
    // solhint-disable-next-line func-name-mixedcase
    function CLOCK_MODE() public pure override returns (string memory) {
        return "mode=timestamp";
    }

    /// @inheritdoc ERC20Permit
    function nonces(address owner) public view override(ERC20Permit, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    /// @inheritdoc ERC20VotesPacked
    function balanceOf(address account) public view override(ERC20, ERC20VotesPacked) returns (uint256) {
        return super.balanceOf(account);
    }

    /// @inheritdoc ERC20VotesPacked
    function totalSupply() public view override(ERC20, ERC20VotesPacked) returns (uint256) {
        return super.totalSupply();
    }

    function _update(address from, address to, uint256 value) internal override(ERC20, ERC20VotesPacked) {
        super._update(from, to, value);
    }
}
