// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IPermitPull} from "../interfaces/IPermitPull.sol";
import {ISharedErrors} from "../interfaces/ISharedErrors.sol";

/// @title PermitPull
/// @notice Pulls tokens with transferFrom, optionally after an EIP-2612 permit, so a user needs one transaction; or
/// pulls an exact amount, refusing a token that delivers another (fee on transfer).
/// @dev The permit is tried, not required to succeed: anyone can submit a signed permit first (front-running it),
/// which would make a strict call revert although the allowance is in place. What matters is the allowance after
/// the attempt; if it is short, the call fails with `IPermitPull.PermitFailed` naming it.
library PermitPull {
    using SafeERC20 for IERC20;

    /// @notice Applies the permit (best effort) and pulls `amount` from `owner` into this contract.
    function pullWithPermit(IERC20 token, address owner, uint256 amount, IPermitPull.Permit calldata permit) internal {
        // A failed permit is not an error by itself (it may have been front-run): the allowance check decides.
        // solhint-disable no-empty-blocks
        try
            IERC20Permit(address(token)).permit(
                owner,
                address(this),
                permit.value,
                permit.deadline,
                permit.v,
                permit.r,
                permit.s
            )
        {} catch {}
        // solhint-enable no-empty-blocks
        uint256 allowance = token.allowance(owner, address(this));
        if (allowance < amount) revert IPermitPull.PermitFailed(owner, allowance, amount);
        token.safeTransferFrom(owner, address(this), amount);
    }

    /// @notice Pulls `amount` from `from` and reverts unless exactly that arrived (no fee on transfer).
    function pullExact(IERC20 token, address from, uint256 amount) internal {
        uint256 balanceBefore = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        // Checked: a token whose balance fell on a transfer in reverts here rather than being credited.
        uint256 received = token.balanceOf(address(this)) - balanceBefore;
        if (received != amount) revert ISharedErrors.UnexpectedAmountReceived(amount, received);
    }
}
