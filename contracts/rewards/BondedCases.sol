// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {IBondedCases} from "../interfaces/IBondedCases.sol";
import {BondedCase} from "../libraries/BondedCase.sol";
import {OwedLedger} from "../libraries/OwedLedger.sol";
import {PermitPull} from "../libraries/PermitPull.sol";

/// @title BondedCases
/// @notice The base of RootChallenges and AgentStakes (IBondedCases): the token and the AttributionRewards they serve,
/// the roles, the resolution period, the bonds locked and what is owed, paid by pull.
/// @dev The contract that extends it opens and closes its cases: it adds a bond to `_totalBonded` when one opens,
/// takes it off when one closes, and credits `_owed` with whatever the outcome pays.
abstract contract BondedCases is IBondedCases, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using OwedLedger for OwedLedger.Ledger;

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IBondedCases
    bytes32 public constant RESOLVER_ROLE = keccak256("RESOLVER_ROLE");

    /// @inheritdoc IBondedCases
    uint64 public constant MIN_RESOLUTION_PERIOD = BondedCase.MIN_RESOLUTION_PERIOD;
    /// @inheritdoc IBondedCases
    uint64 public constant MAX_RESOLUTION_PERIOD = BondedCase.MAX_RESOLUTION_PERIOD;
    /// @inheritdoc IBondedCases
    uint64 public constant DEFAULT_RESOLUTION_PERIOD = BondedCase.DEFAULT_RESOLUTION_PERIOD;

    IERC20 internal immutable _TOKEN;
    IAttributionRewards internal immutable _REWARDS;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    OwedLedger.Ledger internal _owed;
    uint256 internal _totalBonded;
    uint64 internal _resolutionPeriod;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token.
    /// @param rewards_ The AttributionRewards served (it must name the extending contract to use it).
    /// @param admin Holds DEFAULT_ADMIN_ROLE: sets the parameters.
    /// @param resolver Holds RESOLVER_ROLE: upholds or dismisses cases.
    constructor(IERC20 token_, IAttributionRewards rewards_, address admin, address resolver) {
        if (
            address(token_) == address(0) ||
            address(rewards_) == address(0) ||
            admin == address(0) ||
            resolver == address(0)
        ) revert ZeroAddress();
        _TOKEN = token_;
        _REWARDS = rewards_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(RESOLVER_ROLE, resolver);
        _setResolutionPeriod(DEFAULT_RESOLUTION_PERIOD);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IBondedCases
    function withdraw(address to) external nonReentrant returns (uint256 amount) {
        amount = _owed.take(msg.sender, to);
        emit Withdrawn(msg.sender, to, amount);
        _TOKEN.safeTransfer(to, amount);
    }

    /// @inheritdoc IBondedCases
    function setResolutionPeriod(uint64 period) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setResolutionPeriod(period);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IBondedCases
    function owed(address account) external view returns (uint256) {
        return _owed.owed[account];
    }

    /// @inheritdoc IBondedCases
    function totalOwed() external view returns (uint256) {
        return _owed.total;
    }

    /// @inheritdoc IBondedCases
    function totalBonded() external view returns (uint256) {
        return _totalBonded;
    }

    /// @inheritdoc IBondedCases
    function resolutionPeriod() external view returns (uint64) {
        return _resolutionPeriod;
    }

    /// @inheritdoc IBondedCases
    function rewards() external view returns (address) {
        return address(_REWARDS);
    }

    /// @inheritdoc IBondedCases
    function token() external view returns (address) {
        return address(_TOKEN);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Pulls `amount` from `from` and reverts unless exactly that arrived (no fee on transfer).
    function _pull(address from, uint256 amount) internal {
        PermitPull.pullExact(_TOKEN, from, amount);
    }

    function _setResolutionPeriod(uint64 period) private {
        BondedCase.checkResolutionPeriod(period);
        _resolutionPeriod = period;
        emit ResolutionPeriodSet(period);
    }
}
