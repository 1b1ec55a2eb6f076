// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakeLedger} from "../libraries/StakeLedger.sol";
import {IBondedCases} from "./IBondedCases.sol";

/// @title IAttributorStakes
/// @notice The attributor's stake, the stake half of RootChallenges: an attributor locks OPEN, must keep at least
/// `minStake` of it active to post a root, and gets it back only through a request and a wait longer than a challenge
/// window plus a resolution period, so that it cannot post a bad root and leave before a challenge slashes it.
interface IAttributorStakes is IBondedCases {
    /// @notice The poster's active stake is below the minimum to post a root.
    error StakeBelowMinimum(address attributor, uint256 active, uint256 minimum);
    /// @notice The account has no unstake request.
    error NoUnstakeRequested(address attributor);
    /// @notice The unstake request is still waiting out its delay.
    error UnstakeLocked(address attributor, uint64 unlockAt);
    /// @notice The attributor's stake still backs a root that can be challenged (`epoch`), or an open challenge.
    error StakeInUse(address attributor, uint256 epoch, uint256 openChallenges);
    /// @notice The minimum stake is above MAX_MIN_STAKE.
    error MinStakeAboveCap(uint256 minStake, uint256 cap);

    /// @notice OPEN was locked as `attributor`'s stake; `active` is its active stake after.
    event Staked(address indexed attributor, uint256 amount, uint256 active);
    /// @notice Part of the stake was requested back; it may be taken from `unlockAt`.
    event UnstakeRequested(address indexed attributor, uint256 amount, uint256 unstaking, uint64 unlockAt);
    /// @notice A request completed: `amount` OPEN went back to the attributor.
    event Unstaked(address indexed attributor, uint256 amount);
    /// @notice An upheld challenge took `amount` from the attributor's stake (active first, then unstaking).
    event StakeSlashed(address indexed attributor, uint256 indexed challengeId, uint256 amount);
    /// @notice The minimum active stake to post a root changed.
    event MinStakeSet(uint256 minStake);

    /// @notice Locks `amount` OPEN (approved beforehand) as the sender's stake.
    function stake(uint256 amount) external;

    /// @notice Asks for `amount` of the active stake back; it stays slashable until taken. A new request adds to the
    /// one waiting and restarts its delay.
    function requestUnstake(uint256 amount) external;

    /// @notice Takes back the whole requested amount once its delay has passed, unless a root the sender posted is
    /// still pending or a challenge of one is open.
    /// @return amount The OPEN sent to the sender.
    function completeUnstake() external returns (uint256 amount);

    /// @notice Sets the minimum active stake to post a root (at most MAX_MIN_STAKE). Only DEFAULT_ADMIN_ROLE.
    function setMinStake(uint256 minStake_) external;

    /// @notice An attributor's stake.
    function stakeOf(address attributor) external view returns (StakeLedger.Stake memory);

    /// @notice Every stake, active and unstaking, summed.
    function totalStaked() external view returns (uint256);

    /// @notice The minimum active stake to post a root, in wei of OPEN.
    function minStake() external view returns (uint256);

    /// @notice How long an unstake request waits from now: the challenge window plus the resolution period, plus one.
    function unstakeDelay() external view returns (uint64);

    /// @notice The largest minimum stake governance may set, in wei of OPEN.
    function MAX_MIN_STAKE() external view returns (uint256);

    /// @notice The minimum stake at deployment, in wei of OPEN.
    function DEFAULT_MIN_STAKE() external view returns (uint256);
}
