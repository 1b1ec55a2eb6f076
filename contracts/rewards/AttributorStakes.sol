// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {IAttributorStakes} from "../interfaces/IAttributorStakes.sol";
import {StakeLedger} from "../libraries/StakeLedger.sol";
import {BondedCases} from "./BondedCases.sol";

/// @title AttributorStakes
/// @notice The stake half of RootChallenges (IAttributorStakes): attributors lock OPEN, keep a minimum active to
/// post, and take it back after a request and a delay; an upheld challenge slashes it.
/// @dev The contract that extends it says how long an unstake waits and when a stake is still in use.
abstract contract AttributorStakes is IAttributorStakes, BondedCases {
    using SafeERC20 for IERC20;
    using StakeLedger for StakeLedger.Stake;

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAttributorStakes
    /// @dev 1% of OPEN's supply: enough to make a stolen root costly, never so much that one holder alone can attribute.
    uint256 public constant MAX_MIN_STAKE = 10_000_000 ether;
    /// @inheritdoc IAttributorStakes
    /// @dev A hundred thousand OPEN: ten challenge bonds, so that an upheld challenge pays the watcher well.
    uint256 public constant DEFAULT_MIN_STAKE = 100_000 ether;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    mapping(address attributor => StakeLedger.Stake) private _stakes;
    uint256 private _totalStaked;
    uint256 private _minStake;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @dev The minimum stake starts at DEFAULT_MIN_STAKE; the parameters are BondedCases'.
    constructor(
        IERC20 token_,
        IAttributionRewards rewards_,
        address admin,
        address resolver
    ) BondedCases(token_, rewards_, admin, resolver) {
        _setMinStake(DEFAULT_MIN_STAKE);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAttributorStakes
    function stake(uint256 amount) external nonReentrant {
        uint256 active = _stakes[msg.sender].lock(amount);
        _totalStaked += amount;
        emit Staked(msg.sender, amount, active);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc IAttributorStakes
    function requestUnstake(uint256 amount) external {
        StakeLedger.Stake storage s = _stakes[msg.sender];
        uint64 unlockAt = s.request(amount, _unstakeDelay());
        emit UnstakeRequested(msg.sender, amount, s.unstaking, unlockAt);
    }

    /// @inheritdoc IAttributorStakes
    function completeUnstake() external nonReentrant returns (uint256 amount) {
        StakeLedger.Stake storage s = _stakes[msg.sender];
        if (s.unstaking == 0) revert NoUnstakeRequested(msg.sender);
        if (block.timestamp < s.unlockAt) revert UnstakeLocked(msg.sender, s.unlockAt);
        (uint256 epoch, uint256 openChallenges) = _stakeInUse(msg.sender);
        if (epoch != 0 || openChallenges != 0) revert StakeInUse(msg.sender, epoch, openChallenges);
        amount = s.release();
        // unchecked: `amount` is part of the stakes `_totalStaked` sums.
        unchecked {
            _totalStaked -= amount;
        }
        emit Unstaked(msg.sender, amount);
        _TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IAttributorStakes
    function setMinStake(uint256 minStake_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMinStake(minStake_);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAttributorStakes
    function stakeOf(address attributor) external view returns (StakeLedger.Stake memory) {
        return _stakes[attributor];
    }

    /// @inheritdoc IAttributorStakes
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IAttributorStakes
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IAttributorStakes
    function unstakeDelay() external view returns (uint64) {
        return _unstakeDelay();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev How long an unstake request waits, from now.
    function _unstakeDelay() internal view virtual returns (uint64);

    /// @dev The pending root `attributor` posted (0 if none) and its open challenges: while either is set, the stake
    /// still backs something a challenge could slash.
    function _stakeInUse(address attributor) internal view virtual returns (uint256 epoch, uint256 openChallenges);

    /// @dev Reverts unless `attributor` keeps at least the minimum active.
    function _checkMinStake(address attributor) internal view {
        uint256 active = _stakes[attributor].active;
        if (active < _minStake) revert StakeBelowMinimum(attributor, active, _minStake);
    }

    /// @dev Takes `slashBps` of the whole stake (floored: the dust stays staked), active first, then unstaking.
    function _slash(address attributor, uint256 challengeId, uint16 slashBps_) internal returns (uint256 amount) {
        amount = _stakes[attributor].slash(slashBps_);
        // unchecked: `amount` is at most this attributor's stake, part of what `_totalStaked` sums.
        unchecked {
            _totalStaked -= amount;
        }
        emit StakeSlashed(attributor, challengeId, amount);
    }

    function _setMinStake(uint256 minStake_) private {
        if (minStake_ > MAX_MIN_STAKE) revert MinStakeAboveCap(minStake_, MAX_MIN_STAKE);
        _minStake = minStake_;
        emit MinStakeSet(minStake_);
    }
}
