// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IPermitPull
/// @notice The one permit shape every `...WithPermit` function takes, and the error it fails with.
/// @dev The permit is tried, not required to succeed (anyone may submit a signed permit first): what decides is the
/// allowance after the attempt, see the PermitPull library.
interface IPermitPull {
    /// @notice An EIP-2612 permit signed by the payer for the called contract.
    struct Permit {
        uint256 value; // the allowance signed for: at least what the call pulls
        uint256 deadline;
        uint8 v;
        bytes32 r;
        bytes32 s;
    }

    /// @notice A permit did not grant the contract enough allowance (expired, wrong signer, wrong value).
    error PermitFailed(address owner, uint256 allowance, uint256 required);
}
