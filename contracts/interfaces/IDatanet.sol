// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPermitPull} from "./IPermitPull.sol";
import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IDatanet
/// @notice Community data networks, all held by one contract and addressed by id. Contributors submit data by
/// content hash with an OPEN stake; curators approve (with a quality score) or reject (slashing the stake); the
/// owner publishes immutable versions, each a snapshot of the first `approvedCount` approved contributions.
/// @dev Ids of datanets and of contributions start at 1; 0 never names anything. Versions are numbered from 1.
/// Slashed stakes sent to the contract itself raise `InvalidRecipient`; a version that is not published,
/// `UnpublishedVersion` (both in ISharedErrors).
interface IDatanet is ISharedErrors, IPermitPull {
    /// @notice Where a contribution is in its life.
    enum Status {
        None,
        Pending,
        Approved,
        Rejected,
        Withdrawn
    }

    /// @notice A datanet's parameters and counters.
    struct DatanetInfo {
        address owner; // appoints curators, sets the treasury, publishes versions
        address treasury; // receives slashed stakes
        uint256 stake; // OPEN (wei) a contribution locks while pending
        uint64 createdAt; // block timestamp of creation
        uint32 contributionCount; // contributions ever submitted
        uint32 approvedCount; // length of the append-only approved list
        uint32 versionCount; // versions published; the latest is `versionCount`
        string metadataURI; // name, topic, modality and licence, off-chain
    }

    /// @notice One contribution. The data stays off-chain; only its hash and an optional pointer are stored.
    struct Contribution {
        uint256 datanetId;
        address contributor;
        bytes32 contentHash; // keccak-256 of the data
        uint64 sizeBytes; // size of the data
        uint64 submittedAt; // block timestamp of submission
        uint16 qualityBps; // curator's score, 0..10,000; set on approval
        Status status;
        uint32 approvedIndex; // position in the approved list (0-based); meaningful once approved
        uint256 stake; // OPEN locked at submission (returned or slashed on review)
        string pointerURI; // where the data can be fetched; may be encrypted
    }

    /// @notice A contribution as submitted in a batch.
    struct ContributionInput {
        bytes32 contentHash;
        uint64 sizeBytes;
        string pointerURI;
    }

    /// @notice A published version: the first `approvedCount` approved contributions of its datanet.
    struct Version {
        uint32 approvedCount;
        uint64 publishedAt;
    }

    /// @notice The datanet id names no datanet.
    error UnknownDatanet(uint256 datanetId);
    /// @notice The contribution id names no contribution.
    error UnknownContribution(uint256 contributionId);
    /// @notice The Datanet contract itself cannot own a datanet: it makes no calls of its own, so the datanet could
    /// never again publish a version, appoint a curator or move its treasury.
    error InvalidOwner(address owner);
    /// @notice A datanet's stake must be positive: it is what keeps spam out.
    error ZeroStake();
    /// @notice A contribution's content hash was zero.
    error ZeroContentHash();
    /// @notice A contribution declared a size of zero bytes.
    error ZeroSize();
    /// @notice The content hash is already in this datanet (pending or approved, or in this batch).
    error DuplicateContent(uint256 datanetId, bytes32 contentHash);
    /// @notice The caller is not the datanet's owner.
    error NotDatanetOwner(uint256 datanetId, address caller);
    /// @notice The caller is not a curator of the contribution's datanet.
    error NotCurator(uint256 datanetId, address caller);
    /// @notice The contribution is not pending, so it cannot be reviewed or withdrawn.
    error NotPending(uint256 contributionId, Status status);
    /// @notice A quality score was above 10,000 basis points.
    error QualityTooHigh(uint16 qualityBps);
    /// @notice Only the contributor may withdraw a pending contribution.
    error NotContributor(uint256 contributionId, address caller);
    /// @notice There is no newly approved contribution since the last version.
    error NothingToPublish(uint256 datanetId, uint32 approvedCount);
    /// @notice The curator is already in the requested state.
    error CuratorUnchanged(uint256 datanetId, address curator, bool isCurator);
    /// @notice A datanet's stake was above `max` (2^96 - 1 wei, far above OPEN's supply), the most a record holds.
    error StakeTooHigh(uint256 stake, uint256 max);

    /// @notice A datanet was created.
    event DatanetCreated(
        uint256 indexed datanetId,
        address indexed owner,
        address indexed creator,
        uint256 stake,
        string metadataURI
    );
    /// @notice A curator was appointed (`isCurator` true) or removed.
    event CuratorSet(uint256 indexed datanetId, address indexed curator, bool isCurator);
    /// @notice The treasury that receives slashed stakes changed.
    event TreasurySet(uint256 indexed datanetId, address indexed treasury);
    /// @notice Ownership of a datanet moved.
    event DatanetOwnershipTransferred(
        uint256 indexed datanetId,
        address indexed previousOwner,
        address indexed newOwner
    );
    /// @notice A contribution was submitted and its stake locked.
    event ContributionSubmitted(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        bytes32 contentHash,
        uint64 sizeBytes,
        uint256 stake,
        string pointerURI
    );
    /// @notice A contribution was approved, entered the approved list at `approvedIndex`, and its stake returned.
    event ContributionApproved(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        address curator,
        uint16 qualityBps,
        uint32 approvedIndex
    );
    /// @notice A contribution was rejected and its stake slashed to the datanet's treasury.
    event ContributionRejected(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        address curator,
        address treasury,
        uint256 slashed
    );
    /// @notice A pending contribution was withdrawn by its contributor and its stake returned.
    event ContributionWithdrawn(uint256 indexed datanetId, uint256 indexed contributionId, address indexed contributor);
    /// @notice A version was published covering the first `approvedCount` approved contributions.
    event VersionPublished(uint256 indexed datanetId, uint32 indexed version, uint32 approvedCount);

    /// @notice Creates a datanet; anyone may. The treasury starts as the owner.
    /// @return datanetId The new datanet's id.
    function createDatanet(
        string calldata metadataURI,
        uint256 stake,
        address owner
    ) external returns (uint256 datanetId);

    /// @notice Appoints or removes a curator. Only the datanet's owner.
    function setCurator(uint256 datanetId, address curator, bool isCurator) external;

    /// @notice Sets where slashed stakes go. Only the datanet's owner.
    function setTreasury(uint256 datanetId, address treasury) external;

    /// @notice Hands the datanet to a new owner. Only the current owner.
    function transferDatanetOwnership(uint256 datanetId, address newOwner) external;

    /// @notice Submits one contribution, pulling the datanet's stake with transferFrom.
    function contribute(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI
    ) external returns (uint256 contributionId);

    /// @notice As `contribute`, first applying an EIP-2612 permit so one transaction suffices.
    function contributeWithPermit(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI,
        Permit calldata permit
    ) external returns (uint256 contributionId);

    /// @notice Submits up to MAX_BATCH contributions, pulling the total stake once.
    /// @return firstId The id of the first contribution; the others follow consecutively.
    function contributeBatch(uint256 datanetId, ContributionInput[] calldata inputs) external returns (uint256 firstId);

    /// @notice As `contributeBatch`, first applying an EIP-2612 permit.
    function contributeBatchWithPermit(
        uint256 datanetId,
        ContributionInput[] calldata inputs,
        Permit calldata permit
    ) external returns (uint256 firstId);

    /// @notice Approves a pending contribution with a quality score and returns its stake. Only a curator.
    function approve(uint256 contributionId, uint16 qualityBps) external;

    /// @notice Rejects a pending contribution and slashes its stake to the treasury. Only a curator.
    function reject(uint256 contributionId) external;

    /// @notice Withdraws a pending contribution and returns its stake. Only its contributor.
    function withdraw(uint256 contributionId) external;

    /// @notice Publishes the next version: every contribution approved so far. Only the owner.
    /// @return version The new version's number.
    function publishVersion(uint256 datanetId) external returns (uint32 version);

    /// @notice The OPEN token that stakes are paid in.
    function token() external view returns (address);

    /// @notice The most contributions one batch may hold.
    function MAX_BATCH() external view returns (uint256);

    /// @notice The most entries one paged read returns.
    function MAX_PAGE() external view returns (uint256);

    /// @notice The number of datanets created.
    function datanetCount() external view returns (uint256);

    /// @notice A datanet's parameters and counters. Reverts for an unknown id.
    function getDatanet(uint256 datanetId) external view returns (DatanetInfo memory);

    /// @notice Whether `account` curates the datanet.
    function isCurator(uint256 datanetId, address account) external view returns (bool);

    /// @notice The number of contributions ever submitted, across datanets.
    function contributionCount() external view returns (uint256);

    /// @notice A contribution by id. Reverts for an unknown id.
    function getContribution(uint256 contributionId) external view returns (Contribution memory);

    /// @notice The contribution id holding `contentHash` in the datanet while pending or approved, else 0.
    function contributionByHash(uint256 datanetId, bytes32 contentHash) external view returns (uint256);

    /// @notice A published version. Reverts if it is not published.
    function getVersion(uint256 datanetId, uint32 version) external view returns (Version memory);

    /// @notice Whether `(datanetId, version)` names a published version.
    function isPublished(uint256 datanetId, uint32 version) external view returns (bool);

    /// @notice Ids of the approved contributions of a version, from position `offset`, at most `limit`.
    function versionContributions(
        uint256 datanetId,
        uint32 version,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids);

    /// @notice Ids of the contributions `contributor` submitted (any datanet, any status), paged.
    function contributionsOf(
        address contributor,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids);

    /// @notice How many contributions `contributor` has submitted in total.
    function contributionCountOf(address contributor) external view returns (uint256);

    /// @notice Counts of a contributor's approved and rejected contributions in a datanet.
    function reputation(
        uint256 datanetId,
        address contributor
    ) external view returns (uint32 approved, uint32 rejected);

    /// @notice The OPEN locked in stakes of pending contributions, across all datanets.
    function totalStaked() external view returns (uint256);
}
