// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IEpochRoots
/// @notice The root half of the rewards: an attributor posts Merkle roots of cumulative entitlements
/// `(account, total ever earned)`, one per epoch; each waits out a challenge window during which a guardian may
/// revoke it, and is then accepted (lazily: the first write after the window, or `acceptRoot`, records it; views
/// see it at once). At most one root is pending at a time. A root challenged through the RootChallenges contract
/// (`rootChallenges`) is held while the challenge stands: its `claimableAt` reads `HELD` and it cannot be accepted.
/// Only the accepted and the pending root are in storage; every root's data is in its `RootPosted` event.
interface IEpochRoots is ISharedErrors {
    /// @notice A root as the contract keeps it: the accepted one and the last one posted. Everything else about a
    /// root (its data hash and URI, when it was posted, whether it was revoked, held or released) is in its events:
    /// `RootPosted`, `RootRevoked`, `RootHeld`, `RootReleased`, `RootAccepted`, each indexed by epoch.
    struct Root {
        bytes32 root;
        uint96 totalAllocated; // sum of all cumulative entitlements in the tree
        uint64 epoch;
        uint64 claimableAt; // posted + the challenge window in force then; HELD while challenged
    }

    /// @notice The challenge window is outside [MIN_CHALLENGE_WINDOW, MAX_CHALLENGE_WINDOW].
    error ChallengeWindowOutOfBounds(uint64 window, uint64 min, uint64 max);
    /// @notice The root was zero.
    error ZeroRoot();
    /// @notice The data hash was zero: nobody could check the root against the data behind it.
    error ZeroDataHash();
    /// @notice The data URI was empty: nobody could find the data behind the root to recompute it.
    error EmptyDataURI();
    /// @notice A root allocates more than the data pools have ever received.
    error AllocationExceedsFunding(uint256 totalAllocated, uint256 funded);
    /// @notice A cumulative root allocates less than the accepted root before it.
    error AllocationDecreased(uint256 totalAllocated, uint256 previous);
    /// @notice A root is still waiting out its challenge window; revoke it or wait.
    error RootPending(uint256 epoch, uint64 claimableAt);
    /// @notice There is no pending root to act on.
    error NoPendingRoot();
    /// @notice No root has been accepted yet, so nothing can be claimed.
    error NoAcceptedRoot();
    /// @notice Only the RootChallenges contract (`rootChallenges`) may hold, release or revoke a challenged root.
    error CallerNotRootChallenges(address caller);
    /// @notice The epoch is not the pending root (it is unknown, accepted or revoked).
    error EpochNotPending(uint256 epoch, uint256 pending);
    /// @notice The root is already held by a challenge.
    error RootAlreadyHeld(uint256 epoch);
    /// @notice The root is not held by a challenge.
    error RootNotHeld(uint256 epoch);
    /// @notice The challenges contract cannot change while it holds a root: nobody could release it.
    error RootChallengesBusy(uint256 epoch);

    /// @notice A root was posted; it can be claimed against from `claimableAt` unless revoked.
    event RootPosted(
        uint256 indexed epoch,
        bytes32 root,
        uint256 totalAllocated,
        bytes32 dataHash,
        string dataURI,
        uint64 claimableAt
    );
    /// @notice A pending root was revoked by a guardian.
    event RootRevoked(uint256 indexed epoch, address indexed guardian);
    /// @notice A root's challenge window passed and it became the one claims use.
    event RootAccepted(uint256 indexed epoch, bytes32 root, uint256 totalAllocated);
    /// @notice The challenge window changed (applies to roots posted afterwards).
    event ChallengeWindowSet(uint64 window);
    /// @notice A challenge holds the pending root; it would have been claimable at `claimableAt`.
    event RootHeld(uint256 indexed epoch, uint64 claimableAt);
    /// @notice A challenge that held the root ended without revoking it; the root is claimable from `claimableAt`.
    event RootReleased(uint256 indexed epoch, uint64 claimableAt);
    /// @notice The contract that may hold roots changed (zero: no challenges, and no stake needed to post).
    event RootChallengesSet(address indexed rootChallenges);

    /// @notice Posts a root of cumulative entitlements. Only ATTRIBUTOR_ROLE.
    /// @return epoch The epoch number of the new root (from 1).
    function postRoot(
        bytes32 root,
        uint256 totalAllocated,
        bytes32 dataHash,
        string calldata dataURI
    ) external returns (uint256 epoch);

    /// @notice Revokes the pending root before its window ends. Only GUARDIAN_ROLE.
    function revokeRoot() external;

    /// @notice Makes the pending root the accepted one once its window has passed. Anyone; claims do it too.
    function acceptRoot() external;

    /// @notice Sets the challenge window for roots posted from now on. Only DEFAULT_ADMIN_ROLE.
    function setChallengeWindow(uint64 window) external;

    /// @notice Holds the pending root `epoch` while a challenge stands. Only the RootChallenges contract.
    /// @return claimableAt When the root would have become claimable.
    function holdRoot(uint256 epoch) external returns (uint64 claimableAt);

    /// @notice Releases the held root `epoch`, claimable from `claimableAt`. Only the RootChallenges contract.
    function releaseRoot(uint256 epoch, uint64 claimableAt) external;

    /// @notice Revokes the held root `epoch` (an upheld challenge). Only the RootChallenges contract.
    function revokeHeldRoot(uint256 epoch) external;

    /// @notice Sets the RootChallenges contract: it checks each poster's stake and may hold pending roots. Zero
    /// turns both off. Refused while it holds a root. Only DEFAULT_ADMIN_ROLE.
    function setRootChallenges(address rootChallenges_) external;

    /// @notice The RootChallenges contract, or zero when roots cannot be challenged and posting needs no stake.
    function rootChallenges() external view returns (address);

    /// @notice The number of roots ever posted (the last epoch number).
    function epochCount() external view returns (uint256);

    /// @notice The root claims use now (a pending root past its window counts); all zero if none.
    function acceptedRoot() external view returns (Root memory);

    /// @notice The root waiting out its challenge window (or held by a challenge); all zero if none.
    function pendingRoot() external view returns (Root memory);

    /// @notice The epoch claims use now (a pending root past its window counts), or 0 if none.
    function acceptedEpoch() external view returns (uint256);

    /// @notice The epoch waiting out its challenge window, or 0 if none.
    function pendingEpoch() external view returns (uint256);

    /// @notice The challenge window for newly posted roots, in seconds.
    function challengeWindow() external view returns (uint64);

    /// @notice The role allowed to post roots.
    function ATTRIBUTOR_ROLE() external view returns (bytes32);

    /// @notice The role allowed to revoke pending roots (and, in AttributionRewards, to pause).
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The shortest challenge window the admin may set, in seconds.
    function MIN_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice The longest challenge window the admin may set, in seconds.
    function MAX_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice The challenge window at deployment, in seconds.
    function DEFAULT_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice The `claimableAt` a held root reads: never, while the challenge stands.
    function HELD() external view returns (uint64);
}
