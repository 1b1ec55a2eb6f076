// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IAttributorStakes} from "./IAttributorStakes.sol";

/// @title IRootChallenges
/// @notice Bonded challenges of pending reward roots. Anyone may challenge the pending root of AttributionRewards by
/// locking a bond and naming the evidence (a URI and its hash, typically the JSON report of `attribution:verify`);
/// the root is held, unacceptable, while the challenge stands. Governance (RESOLVER_ROLE, the timelock) resolves it
/// before its deadline: upheld, the root is revoked and the challenger gets the bond back plus what is slashed from
/// the attributor's stake; dismissed, the bond goes to the protocol treasury and the root's clock restarts. A
/// challenge nobody resolved in time expires (anyone may call `expireChallenge`): the bond goes to the treasury and
/// the root's clock restarts, so a griefer stalls payouts by at most one resolution period per bond it loses.
/// Everything owed (returned bonds, rewards, forfeits) is withdrawn by its owner (pull).
/// @dev Invariant: `token.balanceOf(this) >= totalStaked + totalBonded + totalOwed`, with equality unless OPEN was
/// sent here directly.
interface IRootChallenges is IAttributorStakes {
    /// @notice Where a challenge stands.
    enum ChallengeStatus {
        None,
        Open,
        Upheld,
        Dismissed,
        Expired
    }

    /// @notice A challenge of one root, packed into four slots and the URI's.
    struct Challenge {
        bytes32 evidenceHash; // hash of the evidence, e.g. keccak256 of the verify report
        address challenger;
        uint96 bond; // OPEN's whole supply fits 96 bits
        address attributor; // who posted the root, whose stake an upheld challenge slashes
        uint64 deadline; // resolution is possible before it, expiry from it
        ChallengeStatus status;
        uint64 epoch; // the challenged root (one epoch per post: 2^64 posts never happen)
        uint64 openedAt;
        uint64 remaining; // the challenge window the root had left when challenged; it gets it back on release
        string evidenceURI; // where the evidence is published
    }

    /// @notice Only the pending root can be challenged (an accepted, revoked or unknown one cannot).
    error RootNotPending(uint256 epoch, uint256 pending);
    /// @notice The root is already challenged by the open challenge `challengeId`.
    error ChallengeAlreadyOpen(uint256 epoch, uint256 challengeId);
    /// @notice The challenge is not open (unknown, or already resolved or expired).
    error ChallengeNotOpen(uint256 challengeId, ChallengeStatus status);
    /// @notice The challenge's resolution period is over: it can only expire.
    error ResolutionPeriodOver(uint256 challengeId, uint64 deadline);
    /// @notice The challenge can still be resolved: it expires only from its deadline.
    error ChallengeNotExpired(uint256 challengeId, uint64 deadline);
    /// @notice Only AttributionRewards may report a posted root.
    error CallerNotRewards(address caller);
    /// @notice The challenge bond is outside [MIN_CHALLENGE_BOND, MAX_CHALLENGE_BOND].
    error ChallengeBondOutOfBounds(uint256 bond, uint256 min, uint256 max);

    /// @notice `challenger` challenged root `epoch` with `bond`; governance may resolve it until `deadline`.
    event ChallengeOpened(
        uint256 indexed challengeId,
        uint256 indexed epoch,
        address indexed challenger,
        address attributor,
        uint256 bond,
        bytes32 evidenceHash,
        string evidenceURI,
        uint64 deadline
    );
    /// @notice The challenge was upheld: the root was revoked, the challenger is owed `bond + reward` and `treasury`
    /// the rest of the slash (`forfeited`).
    event ChallengeUpheld(
        uint256 indexed challengeId,
        uint256 indexed epoch,
        uint256 bond,
        uint256 reward,
        address treasury,
        uint256 forfeited
    );
    /// @notice The challenge was dismissed: the bond is owed to `treasury`, and the root is released.
    event ChallengeDismissed(uint256 indexed challengeId, uint256 indexed epoch, address treasury, uint256 bond);
    /// @notice Nobody resolved the challenge in time: the bond is owed to `treasury`, and the root is released.
    event ChallengeExpired(uint256 indexed challengeId, uint256 indexed epoch, address treasury, uint256 bond);
    /// @notice The bond a challenge must lock changed.
    event ChallengeBondSet(uint256 bond);
    /// @notice The share of the attributor's stake an upheld challenge slashes changed.
    event SlashBpsSet(uint16 slashBps);

    /// @notice Challenges the pending root `epoch`, locking `bond` OPEN (approved beforehand; at least
    /// `challengeBond`).
    /// @return challengeId The new challenge's id (from 1).
    function challengeRoot(
        uint256 epoch,
        uint256 bond,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) external returns (uint256 challengeId);

    /// @notice Upholds (revoking the root) or dismisses an open challenge before its deadline. Only RESOLVER_ROLE.
    function resolveChallenge(uint256 challengeId, bool upheld) external;

    /// @notice Closes an open challenge whose deadline has passed: the bond is forfeited, the root released. Anyone.
    function expireChallenge(uint256 challengeId) external;

    /// @notice Checks the poster's stake and records who posted `epoch`. Only AttributionRewards, on every post.
    function rootPosted(uint256 epoch, address attributor) external;

    /// @notice Sets the bond a challenge must lock. Only DEFAULT_ADMIN_ROLE.
    function setChallengeBond(uint256 bond) external;

    /// @notice Sets the share of the attributor's stake an upheld challenge slashes. Only DEFAULT_ADMIN_ROLE.
    function setSlashBps(uint16 slashBps_) external;

    /// @notice A challenge by id; an unknown id reads as an empty Challenge.
    function getChallenge(uint256 challengeId) external view returns (Challenge memory);

    /// @notice The number of challenges ever opened (the last id).
    function challengeCount() external view returns (uint256);

    /// @notice The open challenge of root `epoch`, or 0 if none.
    function openChallengeOf(uint256 epoch) external view returns (uint256);

    /// @notice Who posted root `epoch`, while it is the last root posted (zero for an earlier root, or one posted
    /// while no challenges contract was set): only the last root can be pending, so only its poster can still be
    /// challenged. A challenge keeps its root's poster (`Challenge.attributor`).
    function posterOf(uint256 epoch) external view returns (address);

    /// @notice The number of open challenges of roots `attributor` posted.
    function openChallengesAgainst(address attributor) external view returns (uint256);

    /// @notice The bond a challenge must lock, in wei of OPEN.
    function challengeBond() external view returns (uint256);

    /// @notice The share of the attributor's stake (active and unstaking) an upheld challenge slashes, in bps.
    function slashBps() external view returns (uint16);

    /// @notice The smallest challenge bond governance may set, in wei of OPEN.
    function MIN_CHALLENGE_BOND() external view returns (uint256);

    /// @notice The largest challenge bond governance may set, in wei of OPEN.
    function MAX_CHALLENGE_BOND() external view returns (uint256);

    /// @notice The challenge bond at deployment, in wei of OPEN.
    function DEFAULT_CHALLENGE_BOND() external view returns (uint256);

    /// @notice The smallest slash governance may set, in bps.
    function MIN_SLASH_BPS() external view returns (uint16);

    /// @notice The largest slash governance may set, in bps.
    function MAX_SLASH_BPS() external view returns (uint16);

    /// @notice The slash at deployment, in bps.
    function DEFAULT_SLASH_BPS() external view returns (uint16);

    /// @notice The part of a slash (in basis points) that goes to the challenger who proved it; the rest goes to the
    /// protocol treasury.
    function CHALLENGER_REWARD_BPS() external view returns (uint16);
}
