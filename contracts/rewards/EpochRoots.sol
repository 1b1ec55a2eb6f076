// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IEpochRoots} from "../interfaces/IEpochRoots.sol";
import {IRootChallenges} from "../interfaces/IRootChallenges.sol";

/// @title EpochRoots
/// @notice The root half of AttributionRewards (IEpochRoots): an attributor posts Merkle roots of cumulative entitlements, each
/// waits out a challenge window during which a guardian may revoke it, and is then accepted (lazily: the first
/// write after the window, or `acceptRoot`, records it; views see it at once).
/// A RootChallenges contract, when set, checks the poster's stake on every post and may hold the pending root while a
/// challenge of it stands (its `claimableAt` then reads HELD, so neither views nor writes accept it).
/// @dev At most one root is pending at a time. Roots are cumulative, so a new root never allocates less than the
/// accepted one, nor more than the data pools were funded (`_dataPoolFunded`, supplied by the contract that holds
/// the money).
abstract contract EpochRoots is IEpochRoots, AccessControl {
    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IEpochRoots
    bytes32 public constant ATTRIBUTOR_ROLE = keccak256("ATTRIBUTOR_ROLE");
    /// @inheritdoc IEpochRoots
    bytes32 public constant GUARDIAN_ROLE = keccak256("GUARDIAN_ROLE");

    /// @inheritdoc IEpochRoots
    /// @dev Long enough for a guardian to notice a bad root and revoke it.
    uint64 public constant MIN_CHALLENGE_WINDOW = 1 hours;
    /// @inheritdoc IEpochRoots
    /// @dev Short enough that contributors never wait more than a month for a posted root.
    uint64 public constant MAX_CHALLENGE_WINDOW = 30 days;
    /// @inheritdoc IEpochRoots
    /// @dev One day.
    uint64 public constant DEFAULT_CHALLENGE_WINDOW = 1 days;
    /// @inheritdoc IEpochRoots
    /// @dev No timestamp reaches it, so a held root is never accepted by time alone, and claims read no extra slot.
    uint64 public constant HELD = type(uint64).max;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    // One word: read together by every post.
    uint64 private _challengeWindow;
    IRootChallenges private _rootChallenges;
    // As last written: a pending root past its window is accepted lazily (views account for it, writes promote it).
    // Epoch 0 while none was accepted. Only the two roots live here; every root's data is in its RootPosted event.
    Root private _accepted;
    // The last root posted (its epoch is the epoch count). Pending while its epoch is above the accepted one and its
    // `claimableAt` is not zero (a revoked root's). Never cleared, so the next post rewrites non-zero words.
    Root private _pending;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param attributor Holds ATTRIBUTOR_ROLE: posts roots.
    /// @param guardian Holds GUARDIAN_ROLE: revokes pending roots (and, in the contract, pauses).
    constructor(address attributor, address guardian) {
        if (attributor == address(0) || guardian == address(0)) revert ZeroAddress();
        _grantRole(ATTRIBUTOR_ROLE, attributor);
        _grantRole(GUARDIAN_ROLE, guardian);
        _setChallengeWindow(DEFAULT_CHALLENGE_WINDOW);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IEpochRoots
    /// @dev A pending root past its window is accepted first; one still in its window blocks the post.
    function postRoot(
        bytes32 root,
        uint256 totalAllocated,
        bytes32 dataHash,
        string calldata dataURI
    ) external onlyRole(ATTRIBUTOR_ROLE) returns (uint256 epoch) {
        if (root == bytes32(0)) revert ZeroRoot();
        // The challenge window is only worth something if anyone can fetch the data and recompute the root.
        if (dataHash == bytes32(0)) revert ZeroDataHash();
        if (bytes(dataURI).length == 0) revert EmptyDataURI();
        uint256 accepted = _promotePending();
        Root storage last = _pending;
        uint64 lastEpoch = last.epoch;
        if (lastEpoch != accepted && last.claimableAt != 0) revert RootPending(lastEpoch, last.claimableAt);
        uint256 funded = _dataPoolFunded();
        if (totalAllocated > funded) revert AllocationExceedsFunding(totalAllocated, funded);
        uint256 previous = _accepted.totalAllocated;
        if (totalAllocated < previous) revert AllocationDecreased(totalAllocated, previous);

        // Epochs count posts, and uint64 seconds last for billions of years: neither sum can overflow.
        epoch = lastEpoch + 1;
        uint64 claimableAt = uint64(block.timestamp) + _challengeWindow;
        // totalAllocated fits 96 bits: it is at most what the pools were funded, which is at most OPEN's supply.
        _pending = Root({
            root: root,
            totalAllocated: SafeCast.toUint96(totalAllocated),
            epoch: uint64(epoch),
            claimableAt: claimableAt
        });
        emit RootPosted(epoch, root, totalAllocated, dataHash, dataURI, claimableAt);
        // Last, as the one call out: it reverts (undoing the post) unless the poster keeps the minimum stake.
        IRootChallenges challenges = _rootChallenges;
        if (address(challenges) != address(0)) challenges.rootPosted(epoch, msg.sender);
    }

    /// @inheritdoc IEpochRoots
    /// @dev A root whose window has passed is accepted, not pending, so it can no longer be revoked.
    function revokeRoot() external onlyRole(GUARDIAN_ROLE) {
        (, uint256 pending) = _epochsNow();
        if (pending == 0) revert NoPendingRoot();
        _pending.claimableAt = 0;
        emit RootRevoked(pending, msg.sender);
    }

    /// @inheritdoc IEpochRoots
    function acceptRoot() external {
        uint64 lastEpoch = _pending.epoch;
        uint64 claimableAt = _pending.claimableAt;
        if (lastEpoch == _accepted.epoch || claimableAt == 0) revert NoPendingRoot();
        if (_promotePending() != lastEpoch) revert RootPending(lastEpoch, claimableAt);
    }

    /// @inheritdoc IEpochRoots
    function setChallengeWindow(uint64 window) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setChallengeWindow(window);
    }

    /// @inheritdoc IEpochRoots
    function holdRoot(uint256 epoch) external returns (uint64 claimableAt) {
        Root storage held = _pendingOf(epoch);
        claimableAt = held.claimableAt;
        if (claimableAt == HELD) revert RootAlreadyHeld(epoch);
        held.claimableAt = HELD;
        emit RootHeld(epoch, claimableAt);
    }

    /// @inheritdoc IEpochRoots
    function releaseRoot(uint256 epoch, uint64 claimableAt) external {
        _heldOf(epoch).claimableAt = claimableAt;
        emit RootReleased(epoch, claimableAt);
    }

    /// @inheritdoc IEpochRoots
    function revokeHeldRoot(uint256 epoch) external {
        _heldOf(epoch).claimableAt = 0;
        emit RootRevoked(epoch, msg.sender);
    }

    /// @inheritdoc IEpochRoots
    function setRootChallenges(address rootChallenges_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        // Only a pending root can be held: an accepted one is never HELD, and a revoked one reads zero.
        if (_pending.claimableAt == HELD) revert RootChallengesBusy(_pending.epoch);
        _rootChallenges = IRootChallenges(rootChallenges_);
        emit RootChallengesSet(rootChallenges_);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IEpochRoots
    function epochCount() external view returns (uint256) {
        return _pending.epoch;
    }

    /// @inheritdoc IEpochRoots
    function acceptedRoot() external view returns (Root memory) {
        (uint256 accepted, ) = _epochsNow();
        return accepted == _accepted.epoch ? _accepted : _pending;
    }

    /// @inheritdoc IEpochRoots
    function pendingRoot() external view returns (Root memory none) {
        (, uint256 pending) = _epochsNow();
        if (pending != 0) return _pending;
    }

    /// @inheritdoc IEpochRoots
    function acceptedEpoch() external view returns (uint256 accepted) {
        (accepted, ) = _epochsNow();
    }

    /// @inheritdoc IEpochRoots
    function pendingEpoch() external view returns (uint256 pending) {
        (, pending) = _epochsNow();
    }

    /// @inheritdoc IEpochRoots
    function challengeWindow() external view returns (uint64) {
        return _challengeWindow;
    }

    /// @inheritdoc IEpochRoots
    function rootChallenges() external view returns (address) {
        return address(_rootChallenges);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev What the data pools have received in total: the most a root may allocate.
    function _dataPoolFunded() internal view virtual returns (uint256);

    /// @dev The root claims are checked against now, promoting a pending root past its window; reverts if none.
    function _claimableRoot() internal returns (uint256 epoch, bytes32 root, uint256 totalAllocated) {
        epoch = _promotePending();
        if (epoch == 0) revert NoAcceptedRoot();
        Root storage accepted = _accepted;
        return (epoch, accepted.root, accepted.totalAllocated);
    }

    /// @dev Writes down the lazy acceptance `_epochsNow` sees, and returns the accepted epoch.
    function _promotePending() private returns (uint256 accepted) {
        (accepted, ) = _epochsNow();
        if (accepted != _accepted.epoch) {
            Root memory promoted = _pending;
            _accepted = promoted;
            emit RootAccepted(accepted, promoted.root, promoted.totalAllocated);
        }
    }

    /// @dev The accepted and pending epochs at this moment: a pending root whose window has passed is accepted.
    function _epochsNow() private view returns (uint256 accepted, uint256 pending) {
        accepted = _accepted.epoch;
        uint64 last = _pending.epoch;
        uint64 claimableAt = _pending.claimableAt;
        // Nothing pending: the last root posted is the accepted one, or it was revoked.
        if (last == accepted || claimableAt == 0) return (accepted, 0);
        if (block.timestamp >= claimableAt) return (last, 0);
        return (accepted, last);
    }

    /// @dev The pending root `epoch`, for the RootChallenges contract only.
    function _pendingOf(uint256 epoch) private view returns (Root storage) {
        // While no challenges contract is set, this is zero, which no caller is.
        if (msg.sender != address(_rootChallenges)) revert CallerNotRootChallenges(msg.sender);
        (, uint256 pending) = _epochsNow();
        if (epoch == 0 || epoch != pending) revert EpochNotPending(epoch, pending);
        return _pending;
    }

    /// @dev The pending root `epoch` that a challenge holds, for the RootChallenges contract only.
    function _heldOf(uint256 epoch) private view returns (Root storage held) {
        held = _pendingOf(epoch);
        if (held.claimableAt != HELD) revert RootNotHeld(epoch);
    }

    function _setChallengeWindow(uint64 window) private {
        if (window < MIN_CHALLENGE_WINDOW || window > MAX_CHALLENGE_WINDOW) {
            revert ChallengeWindowOutOfBounds(window, MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW);
        }
        _challengeWindow = window;
        emit ChallengeWindowSet(window);
    }
}
