// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IOpenToken
/// @notice OPEN, the ERC-20 that pays for everything in the suite: fees, rewards, stakes and governance votes.
/// @dev The whole supply is minted once, in the constructor; no function can mint afterwards. Besides ERC-20 the
/// token implements ERC20Burnable, EIP-2612 permit and ERC20Votes with a timestamp clock (EIP-6372). A zero
/// treasury at deployment raises `ZeroAddress` (ISharedErrors).
/// Signers beware: `permit` and `delegateBySig` share one nonce per account (`nonces`). Each signature names the
/// nonce it was signed at, so submitting any permit (or delegation) voids every other signature still pending at
/// that nonce: sign a delegation after the permits you mean to use are submitted, or sign it again.
interface IOpenToken is ISharedErrors {
    /// @notice Emitted once, at deployment, when the whole supply is minted to the treasury.
    /// @param treasury The account that received the supply.
    /// @param amount The supply minted, in wei of OPEN.
    event SupplyMinted(address indexed treasury, uint256 amount);

    /// @notice The fixed total supply: 1,000,000,000 OPEN with 18 decimals.
    function TOTAL_SUPPLY() external view returns (uint256);
}
