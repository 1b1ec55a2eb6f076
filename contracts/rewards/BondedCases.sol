// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {IBondedCases} from "../interfaces/IBondedCases.sol";
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
    /// @dev A day: the least a vote (or an emergency procedure) could conceivably take.
    uint64 public constant MIN_RESOLUTION_PERIOD = 1 days;
    /// @inheritdoc IBondedCases
    /// @dev A month: the longest one bond may hold anything (a root, an agent's stake) in suspense.
    uint64 public constant MAX_RESOLUTION_PERIOD = 30 days;
    /// @inheritdoc IBondedCases
    /// @dev Two weeks: the default vote (a day's delay, a week's vote, two days in the timelock) with four days spare.
    uint64 public constant DEFAULT_RESOLUTION_PERIOD = 14 days;

    uint16 private constant _BPS = 10_000;

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

    /// @dev Reverts unless the bond is at least `required` and fits 96 bits, and the evidence has a hash and a URI.
    function _checkFiling(
        uint256 bond,
        uint256 required,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) internal pure {
        if (bond == 0) revert ZeroBond();
        if (bond < required) revert BondTooLow(bond, required);
        if (bond > type(uint96).max) revert BondTooHigh(bond, type(uint96).max);
        if (evidenceHash == bytes32(0)) revert ZeroEvidenceHash();
        if (bytes(evidenceURI).length == 0) revert EmptyEvidenceURI();
    }

    /// @dev What an upheld case pays out of the `slashed` stake: `claimant` is owed its `bond` plus `rewardBps` of the
    /// slash (`reward`), the protocol `treasury` the rest (`forfeited`), so that whoever brings a case against itself
    /// through another account still loses the treasury's part.
    function _creditUpheld(
        address claimant,
        uint256 bond,
        uint256 slashed,
        uint16 rewardBps
    ) internal returns (uint256 reward, address treasury, uint256 forfeited) {
        reward = (slashed * rewardBps) / _BPS;
        _owed.credit(claimant, bond + reward);
        treasury = _REWARDS.protocolTreasury();
        // unchecked: `reward` is a floored fraction of `slashed`.
        unchecked {
            forfeited = slashed - reward;
        }
        _owed.credit(treasury, forfeited);
    }

    /// @dev Pulls `amount` from `from` and reverts unless exactly that arrived (no fee on transfer).
    function _pull(address from, uint256 amount) internal {
        PermitPull.pullExact(_TOKEN, from, amount);
    }

    function _setResolutionPeriod(uint64 period) private {
        if (period < MIN_RESOLUTION_PERIOD || period > MAX_RESOLUTION_PERIOD) {
            revert ResolutionPeriodOutOfBounds(period, MIN_RESOLUTION_PERIOD, MAX_RESOLUTION_PERIOD);
        }
        _resolutionPeriod = period;
        emit ResolutionPeriodSet(period);
    }
}
