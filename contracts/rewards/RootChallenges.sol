// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {IRootChallenges} from "../interfaces/IRootChallenges.sol";
import {OwedLedger} from "../libraries/OwedLedger.sol";
import {AttributorStakes} from "./AttributorStakes.sol";

/// @title RootChallenges
/// @notice Bonded challenges of AttributionRewards' pending root, resolved by governance, and the attributors' stakes
/// that an upheld challenge slashes (AttributorStakes). AttributionRewards reports every post here (the stake check)
/// and lets this contract hold, release and revoke its pending root.
/// @dev A challenge pauses the root's clock: on release the root gets back the window it had left, so a challenge
/// delays acceptance by at most the time it was open, which is at most one resolution period.
/// Nobody profits from their own decision: the resolver (the timelock) gets nothing; a forfeited bond goes to the
/// protocol treasury, which only a further vote can spend.
contract RootChallenges is IRootChallenges, AttributorStakes {
    using OwedLedger for OwedLedger.Ledger;

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IRootChallenges
    /// @dev One OPEN: a challenge always costs something, so holding roots is never free.
    uint256 public constant MIN_CHALLENGE_BOND = 1 ether;
    /// @inheritdoc IRootChallenges
    /// @dev A million OPEN: a vote cannot price watchers out of challenging.
    uint256 public constant MAX_CHALLENGE_BOND = 1_000_000 ether;
    /// @inheritdoc IRootChallenges
    /// @dev Ten thousand OPEN: enough that holding a root for a resolution period hurts a griefer.
    uint256 public constant DEFAULT_CHALLENGE_BOND = 10_000 ether;

    /// @inheritdoc IRootChallenges
    /// @dev A tenth: an upheld challenge always costs the attributor something.
    uint16 public constant MIN_SLASH_BPS = 1_000;
    /// @inheritdoc IRootChallenges
    uint16 public constant MAX_SLASH_BPS = 10_000;
    /// @inheritdoc IRootChallenges
    /// @dev Half: a stolen root costs the attributor half its stake, paid to whoever proved it.
    uint16 public constant DEFAULT_SLASH_BPS = 5_000;
    /// @inheritdoc IRootChallenges
    /// @dev Half: enough to pay a watcher for looking, while an attributor that challenges its own bad root through
    /// another account (to take the slash back) still loses the other half to the treasury.
    uint16 public constant CHALLENGER_REWARD_BPS = 5_000;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    mapping(uint256 challengeId => Challenge) private _challenges; // from 1
    uint256 private _challengeCount;
    mapping(uint256 epoch => uint256 challengeId) private _openChallengeOf;
    mapping(address attributor => uint256) private _openChallengesAgainst;

    // The last root posted and its poster, in one word that each post rewrites: only a pending root can be
    // challenged, and only the last root posted can be pending.
    address private _lastPoster;
    uint64 private _lastPostedEpoch;
    uint256 private _challengeBond;
    uint16 private _slashBps;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token.
    /// @param rewards_ The AttributionRewards whose roots are challenged (it must name this contract to use it).
    /// @param admin Holds DEFAULT_ADMIN_ROLE: sets bond, resolution period, slash and minimum stake.
    /// @param resolver Holds RESOLVER_ROLE: upholds or dismisses challenges.
    constructor(
        IERC20 token_,
        IAttributionRewards rewards_,
        address admin,
        address resolver
    ) AttributorStakes(token_, rewards_, admin, resolver) {
        _setChallengeBond(DEFAULT_CHALLENGE_BOND);
        _setSlashBps(DEFAULT_SLASH_BPS);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IRootChallenges
    function challengeRoot(
        uint256 epoch,
        uint256 bond,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) external nonReentrant returns (uint256 challengeId) {
        _checkFiling(bond, _challengeBond, evidenceHash, evidenceURI);
        uint256 pending = _REWARDS.pendingEpoch();
        if (epoch == 0 || epoch != pending) revert RootNotPending(epoch, pending);
        uint256 open = _openChallengeOf[epoch];
        if (open != 0) revert ChallengeAlreadyOpen(epoch, open);

        challengeId = ++_challengeCount;
        address attributor = _posterOf(epoch);
        // uint64 seconds last for billions of years: neither the cast nor the sum can overflow before then.
        uint64 openedAt = uint64(block.timestamp);
        uint64 deadline = openedAt + _resolutionPeriod;
        _openChallengeOf[epoch] = challengeId;
        ++_openChallengesAgainst[attributor];
        _totalBonded += bond;
        // The root is pending, so its window has not passed: what it has left is positive.
        uint64 remaining = _REWARDS.holdRoot(epoch) - openedAt;
        // The casts cannot truncate: bond fits 96 bits (checked above) and epochs count posts, far below 2^64.
        _challenges[challengeId] = Challenge({
            evidenceHash: evidenceHash,
            challenger: msg.sender,
            bond: uint96(bond),
            attributor: attributor,
            deadline: deadline,
            status: ChallengeStatus.Open,
            epoch: uint64(epoch),
            openedAt: openedAt,
            remaining: remaining,
            evidenceURI: evidenceURI
        });
        emit ChallengeOpened(challengeId, epoch, msg.sender, attributor, bond, evidenceHash, evidenceURI, deadline);
        _pull(msg.sender, bond);
    }

    /// @inheritdoc IRootChallenges
    function resolveChallenge(uint256 challengeId, bool upheld) external nonReentrant onlyRole(RESOLVER_ROLE) {
        Challenge storage c = _openChallenge(challengeId);
        if (block.timestamp >= c.deadline) revert ResolutionPeriodOver(challengeId, c.deadline);
        if (!upheld) {
            address forfeitedTo = _close(c, ChallengeStatus.Dismissed);
            emit ChallengeDismissed(challengeId, c.epoch, forfeitedTo, c.bond);
            return;
        }
        c.status = ChallengeStatus.Upheld;
        _closeOpen(c);
        uint256 slashed = _slash(c.attributor, challengeId, _slashBps);
        (uint256 reward, address treasury, uint256 forfeited) = _creditUpheld(
            c.challenger,
            c.bond,
            slashed,
            CHALLENGER_REWARD_BPS
        );
        // Unless the guardian revoked it meanwhile, the root is still pending and held by this challenge.
        if (_REWARDS.pendingEpoch() == c.epoch) _REWARDS.revokeHeldRoot(c.epoch);
        emit ChallengeUpheld(challengeId, c.epoch, c.bond, reward, treasury, forfeited);
    }

    /// @inheritdoc IRootChallenges
    function expireChallenge(uint256 challengeId) external nonReentrant {
        Challenge storage c = _openChallenge(challengeId);
        if (block.timestamp < c.deadline) revert ChallengeNotExpired(challengeId, c.deadline);
        address treasury = _close(c, ChallengeStatus.Expired);
        emit ChallengeExpired(challengeId, c.epoch, treasury, c.bond);
    }

    /// @inheritdoc IRootChallenges
    function rootPosted(uint256 epoch, address attributor) external {
        if (msg.sender != address(_REWARDS)) revert CallerNotRewards(msg.sender);
        _checkMinStake(attributor);
        _lastPoster = attributor;
        // Epochs count posts: far below 2^64.
        _lastPostedEpoch = uint64(epoch);
    }

    /// @inheritdoc IRootChallenges
    function setChallengeBond(uint256 bond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengeBond(bond);
    }

    /// @inheritdoc IRootChallenges
    function setSlashBps(uint16 slashBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSlashBps(slashBps_);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IRootChallenges
    function getChallenge(uint256 challengeId) external view returns (Challenge memory) {
        return _challenges[challengeId];
    }

    /// @inheritdoc IRootChallenges
    function challengeCount() external view returns (uint256) {
        return _challengeCount;
    }

    /// @inheritdoc IRootChallenges
    function openChallengeOf(uint256 epoch) external view returns (uint256) {
        return _openChallengeOf[epoch];
    }

    /// @inheritdoc IRootChallenges
    function posterOf(uint256 epoch) external view returns (address) {
        return _posterOf(epoch);
    }

    /// @inheritdoc IRootChallenges
    function openChallengesAgainst(address attributor) external view returns (uint256) {
        return _openChallengesAgainst[attributor];
    }

    /// @inheritdoc IRootChallenges
    function challengeBond() external view returns (uint256) {
        return _challengeBond;
    }

    /// @inheritdoc IRootChallenges
    function slashBps() external view returns (uint16) {
        return _slashBps;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Longer than any root posted now can stay challengeable plus the time a challenge of it can stay open.
    function _unstakeDelay() internal view override returns (uint64) {
        return _REWARDS.challengeWindow() + _resolutionPeriod + 1;
    }

    /// @dev A pending root of `attributor` may still be challenged; an open challenge may still be upheld.
    function _stakeInUse(address attributor) internal view override returns (uint256 epoch, uint256 openChallenges) {
        uint256 pending = _REWARDS.pendingEpoch();
        if (pending != 0 && _posterOf(pending) == attributor) epoch = pending;
        openChallenges = _openChallengesAgainst[attributor];
    }

    function _posterOf(uint256 epoch) private view returns (address) {
        return epoch == _lastPostedEpoch ? _lastPoster : address(0);
    }

    function _openChallenge(uint256 challengeId) private view returns (Challenge storage c) {
        c = _challenges[challengeId];
        if (c.status != ChallengeStatus.Open) revert ChallengeNotOpen(challengeId, c.status);
    }

    /// @dev Closes a challenge that did not revoke the root: the bond to the treasury, the root's clock restarted.
    function _close(Challenge storage c, ChallengeStatus status) private returns (address treasury) {
        c.status = status;
        _closeOpen(c);
        treasury = _REWARDS.protocolTreasury();
        _owed.credit(treasury, c.bond);
        // Unless the guardian revoked it meanwhile, the root is still pending and held by this challenge.
        uint256 epoch = c.epoch;
        if (_REWARDS.pendingEpoch() == epoch) _REWARDS.releaseRoot(epoch, uint64(block.timestamp) + c.remaining);
    }

    /// @dev The bookkeeping every closing shares: the root and the attributor no longer have this challenge open,
    /// and the bond is no longer locked (it is credited to someone instead).
    function _closeOpen(Challenge storage c) private {
        delete _openChallengeOf[c.epoch];
        --_openChallengesAgainst[c.attributor];
        _totalBonded -= c.bond;
    }

    function _setChallengeBond(uint256 bond) private {
        if (bond < MIN_CHALLENGE_BOND || bond > MAX_CHALLENGE_BOND) {
            revert ChallengeBondOutOfBounds(bond, MIN_CHALLENGE_BOND, MAX_CHALLENGE_BOND);
        }
        _challengeBond = bond;
        emit ChallengeBondSet(bond);
    }

    function _setSlashBps(uint16 slashBps_) private {
        if (slashBps_ < MIN_SLASH_BPS || slashBps_ > MAX_SLASH_BPS) {
            revert SlashBpsOutOfBounds(slashBps_, MIN_SLASH_BPS, MAX_SLASH_BPS);
        }
        _slashBps = slashBps_;
        emit SlashBpsSet(slashBps_);
    }
}
