// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IBondedCases
/// @notice What root challenges (IRootChallenges) and agent complaints (IAgentStakes) share: cases opened with a bond
/// in OPEN, decided by governance (RESOLVER_ROLE, the timelock) within a bounded resolution period, and everything
/// they owe (returned bonds, rewards, forfeits) withdrawn by its owner (pull).
interface IBondedCases is ISharedErrors {
    /// @notice `account` withdrew what it was owed (returned bonds, rewards, forfeits) to `to`.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
    /// @notice The resolution period of new cases changed.
    event ResolutionPeriodSet(uint64 period);

    /// @notice Sends the sender everything it is owed to `to`.
    /// @return amount The OPEN sent.
    function withdraw(address to) external returns (uint256 amount);

    /// @notice Sets the resolution period of cases opened from now on. Only DEFAULT_ADMIN_ROLE.
    function setResolutionPeriod(uint64 period) external;

    /// @notice What `account` may withdraw.
    function owed(address account) external view returns (uint256);

    /// @notice Everything owed, summed.
    function totalOwed() external view returns (uint256);

    /// @notice The bonds of open cases, summed.
    function totalBonded() external view returns (uint256);

    /// @notice How long governance has to resolve a new case, in seconds.
    function resolutionPeriod() external view returns (uint64);

    /// @notice The AttributionRewards contract whose roots are challenged and whose payments make payers.
    function rewards() external view returns (address);

    /// @notice The OPEN token stakes, bonds and rewards are paid in.
    function token() external view returns (address);

    /// @notice The role that resolves cases: the timelock, so a resolution is a passed vote.
    function RESOLVER_ROLE() external view returns (bytes32);

    /// @notice The shortest resolution period governance may set, in seconds.
    function MIN_RESOLUTION_PERIOD() external view returns (uint64);

    /// @notice The longest resolution period governance may set, in seconds.
    function MAX_RESOLUTION_PERIOD() external view returns (uint64);

    /// @notice The resolution period at deployment, in seconds.
    function DEFAULT_RESOLUTION_PERIOD() external view returns (uint64);
}
