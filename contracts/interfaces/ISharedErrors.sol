// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ISharedErrors
/// @notice The errors that mean the same thing in several contracts, declared once so that each meaning has one
/// name and one selector across the suite. Every contract interface that can raise one of them extends this one.
interface ISharedErrors {
    /// @notice An address argument that must be set was zero.
    error ZeroAddress();
    /// @notice OPEN would be sent or credited to the contract itself, which could never move it again.
    error InvalidRecipient(address recipient);
    /// @notice A batch was empty or longer than its maximum.
    error BadBatchLength(uint256 length, uint256 max);
    /// @notice A page was requested with a limit above the contract's MAX_PAGE.
    error PageTooLarge(uint256 limit, uint256 max);
    /// @notice The model or agent `id` is already in the requested active state.
    error ActiveUnchanged(uint256 id, bool active);
    /// @notice The model is unknown or inactive (or, for an adapter, its base is), so it cannot be used or paid for.
    error ModelNotActive(uint256 modelId);
    /// @notice The datanet version is not published (0, above the latest, or of an unknown datanet).
    error UnpublishedVersion(uint256 datanetId, uint32 version);
    /// @notice A pull delivered another amount than it asked for (a fee-on-transfer or rebasing token).
    error UnexpectedAmountReceived(uint256 expected, uint256 received);
    /// @notice The account has nothing owed to it to withdraw.
    error NothingToWithdraw(address account);
    /// @notice An amount to stake or unstake was zero.
    error ZeroAmount();
    /// @notice More was requested back than the active stake.
    error UnstakeExceedsStake(uint256 amount, uint256 active);
    /// @notice The bond was zero.
    error ZeroBond();
    /// @notice The bond is below the required one.
    error BondTooLow(uint256 bond, uint256 required);
    /// @notice The bond does not fit 96 bits (more than OPEN's whole supply).
    error BondTooHigh(uint256 bond, uint256 max);
    /// @notice The evidence hash was zero: nobody could check the evidence.
    error ZeroEvidenceHash();
    /// @notice The evidence URI was empty: nobody could find the evidence.
    error EmptyEvidenceURI();
    /// @notice The resolution period is outside [MIN_RESOLUTION_PERIOD, MAX_RESOLUTION_PERIOD].
    error ResolutionPeriodOutOfBounds(uint64 period, uint64 min, uint64 max);
    /// @notice The slash is outside [MIN_SLASH_BPS, MAX_SLASH_BPS].
    error SlashBpsOutOfBounds(uint16 slashBps, uint16 min, uint16 max);
    /// @notice The agent id names no agent.
    error UnknownAgent(uint256 agentId);
}
