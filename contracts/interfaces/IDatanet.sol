// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPermitPull} from "./IPermitPull.sol";
import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IDatanet
/// @notice Community data networks, all held by one contract and addressed by id. Contributors submit data by
/// content hash with an OPEN stake; curators approve (with a quality score) or reject (slashing the stake); the
/// owner publishes immutable versions, each a snapshot of the first `approvedCount` approved contributions.
/// Contributing in two steps (`commit`, then `reveal` in a later block) keeps authorship with whoever committed
/// first, whatever order a public mempool puts the reveals in (see ContentClaims for the rule). Slashed stakes are
/// burned: nobody gains from a rejection. A stake can be withdrawn only once the datanet's review period has passed
/// without a review.
/// @dev Ids of datanets and of contributions start at 1; 0 never names anything. Versions are numbered from 1.
/// A sweep to the contract itself raises `InvalidRecipient`; a version that is not published,
/// `UnpublishedVersion` (both in ISharedErrors). The stake token must be a plain ERC-20 with `burn(uint256)` (OPEN
/// is): every pull checks that exactly the stake arrived, so a fee-on-transfer token is refused at the first stake.
interface IDatanet is ISharedErrors, IPermitPull {
    /// @notice Where a contribution is in its life. Displaced: a pending contribution taken over by an earlier
    /// commitment to the same hash, its stake returned.
    enum Status {
        None,
        Pending,
        Approved,
        Rejected,
        Withdrawn,
        Displaced
    }

    /// @notice A datanet's parameters and counters. Its contributions are counted by their `ContributionSubmitted`
    /// events (the contract counts only all of them, `contributionCount`).
    struct DatanetInfo {
        address owner; // appoints curators, publishes versions
        uint256 stake; // OPEN (wei) a contribution locks while pending
        uint32 reviewPeriod; // seconds a contribution waits for review before its contributor may withdraw it
        uint64 createdAt; // block timestamp of creation
        uint32 approvedCount; // length of the append-only approved list
        uint32 versionCount; // versions published; the latest is `versionCount`
        string metadataURI; // name, topic, modality and licence, off-chain
    }

    /// @notice One contribution, as the contract keeps it. The data stays off-chain; what it was submitted with
    /// (content hash, size, pointer) is in its `ContributionSubmitted` event, and its position in the approved list
    /// in `ContributionApproved`: the contract stores neither, to keep a contribution to one storage slot.
    struct Contribution {
        uint256 datanetId;
        address contributor;
        uint64 submittedAt; // block timestamp of submission
        uint16 qualityBps; // curator's score, 0..10,000; set on approval
        Status status;
        uint256 stake; // OPEN locked at submission, the datanet's stake (returned or slashed on review)
    }

    /// @notice A contribution as submitted in a batch.
    struct ContributionInput {
        bytes32 contentHash;
        uint64 sizeBytes;
        string pointerURI;
    }

    /// @notice A contribution revealed against an earlier commitment.
    struct RevealInput {
        bytes32 contentHash;
        uint64 sizeBytes;
        bytes32 salt; // the secret the commitment was made with
        string pointerURI;
    }

    /// @notice A recorded commitment: when it was made. Zero timestamp: none.
    struct Commitment {
        uint64 blockNumber;
        uint64 timestamp;
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
    /// @notice The hash was rejected lately: until `until`, only its rejected contributor may submit it again.
    error ResubmissionCooldown(uint256 datanetId, bytes32 contentHash, address rejectedContributor, uint256 until);
    /// @notice A commitment was zero.
    error ZeroCommitment();
    /// @notice No live commitment matches the revealed hash, sender and salt.
    error UnknownCommitment(bytes32 commitment);
    /// @notice A commitment is revealed in the block that recorded it; reveals must come at least one block later.
    error RevealTooEarly(bytes32 commitment, uint64 committedBlock);
    /// @notice A commitment's reveal window ended at `expiredAt`; commit again.
    error CommitmentExpired(bytes32 commitment, uint256 expiredAt);
    /// @notice A datanet's review period was outside the hard caps.
    error ReviewPeriodOutOfRange(uint256 reviewPeriod, uint256 min, uint256 max);
    /// @notice The contribution is still within its review period: it can be withdrawn from `withdrawableAt`.
    error ReviewPending(uint256 contributionId, uint256 withdrawableAt);
    /// @notice A token transfer into the contract delivered a different amount than asked (a fee-on-transfer token).
    error TransferAmountMismatch(uint256 expected, uint256 received);
    /// @notice The contract holds nothing beyond what it owes, so there is nothing to sweep.
    error NothingToSweep(uint256 held, uint256 owed);
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
    /// @notice A datanet's stake was above `max` (2^96 - 1 wei, far above OPEN's supply), the most a datanet's record holds.
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
    /// @notice Ownership of a datanet moved.
    event DatanetOwnershipTransferred(
        uint256 indexed datanetId,
        address indexed previousOwner,
        address indexed newOwner
    );
    /// @notice A contribution was submitted and its stake (its datanet's, in `DatanetCreated`) locked. The only record
    /// of its content hash (keccak-256 of the data), size and pointer (where the data can be fetched; may be
    /// encrypted, may be empty).
    event ContributionSubmitted(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        bytes32 contentHash,
        uint64 sizeBytes,
        string pointerURI
    );
    /// @notice A batch of contributions was submitted and their stakes locked: ids `firstId` to
    /// `firstId + inputs.length - 1`, in the order of `inputs`, the only record of their hashes, sizes and pointers.
    event ContributionsSubmitted(
        uint256 indexed datanetId,
        address indexed contributor,
        uint256 firstId,
        ContributionInput[] inputs
    );
    /// @notice A contribution was approved, entered the approved list at `approvedIndex` (0-based; the only record
    /// of it), and its stake returned.
    event ContributionApproved(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        address curator,
        uint16 qualityBps,
        uint32 approvedIndex
    );
    /// @notice A contribution was rejected by `curator` and its stake burned.
    event ContributionRejected(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        address curator,
        uint256 burned
    );
    /// @notice A commitment to contribute was recorded (a repeat of a live one records nothing and emits nothing).
    event Committed(bytes32 indexed commitment, address indexed sender);
    /// @notice A revealed hash stayed with contribution `holderId` (approved, older, or cooling down after a rejection):
    /// the reveal was skipped, nothing was staked for it.
    event RevealSkipped(
        uint256 indexed datanetId,
        bytes32 indexed contentHash,
        address indexed contributor,
        uint256 holderId
    );
    /// @notice A pending contribution lost its hash to contribution `byId`, committed earlier; its stake was returned.
    event ContributionDisplaced(
        uint256 indexed datanetId,
        uint256 indexed contributionId,
        address indexed contributor,
        uint256 byId
    );
    /// @notice OPEN beyond what the contract owes (sent to it by mistake) was swept to `to`.
    event Swept(address indexed to, uint256 amount);
    /// @notice A pending contribution was withdrawn by its contributor and its stake returned.
    event ContributionWithdrawn(uint256 indexed datanetId, uint256 indexed contributionId, address indexed contributor);
    /// @notice A version was published covering the first `approvedCount` approved contributions.
    event VersionPublished(uint256 indexed datanetId, uint32 indexed version, uint32 approvedCount);

    /// @notice Creates a datanet; anyone may. Its stake and `reviewPeriod` (seconds, within the caps) are fixed for
    /// good. Datanet ids stay below 2^32.
    /// @return datanetId The new datanet's id.
    function createDatanet(
        string calldata metadataURI,
        uint256 stake,
        address owner,
        uint32 reviewPeriod
    ) external returns (uint256 datanetId);

    /// @notice Appoints or removes a curator. Only the datanet's owner.
    function setCurator(uint256 datanetId, address curator, bool isCurator) external;

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

    /// @notice Records up to MAX_BATCH commitments (`commitmentFor`), each revealable from the next block for
    /// REVEAL_WINDOW seconds. Repeats of a live commitment are skipped, so that nobody can make the batch revert.
    function commit(bytes32[] calldata commitments) external;

    /// @notice Reveals up to MAX_BATCH committed contributions as the sender, pulling the stake of those recorded.
    /// A hash that stays with an earlier or approved holder is skipped (`RevealSkipped`); a pending holder with a
    /// later commitment is displaced (`ContributionDisplaced`, stake returned).
    /// @return ids The new contribution ids, 0 where skipped.
    function reveal(uint256 datanetId, RevealInput[] calldata inputs) external returns (uint256[] memory ids);

    /// @notice Approves a pending contribution with a quality score and returns its stake. Only a curator.
    function approve(uint256 contributionId, uint16 qualityBps) external;

    /// @notice Rejects a pending contribution and burns its stake; for RESUBMISSION_COOLDOWN only the contributor
    /// may submit its hash again. Only a curator.
    function reject(uint256 contributionId) external;

    /// @notice Withdraws a pending contribution and returns its stake, once the datanet's review period has passed
    /// since submission. Only its contributor.
    function withdraw(uint256 contributionId) external;

    /// @notice Sends `to` whatever the contract holds above what it owes (`totalStaked`). Only DEFAULT_ADMIN_ROLE.
    /// @return amount The OPEN swept.
    function sweep(address to) external returns (uint256 amount);

    /// @notice Publishes the next version: every contribution approved so far. Only the owner.
    /// @return version The new version's number.
    function publishVersion(uint256 datanetId) external returns (uint32 version);

    /// @notice The OPEN token that stakes are paid in.
    function token() external view returns (address);

    /// @notice The block this contract was deployed in: where a reader of its events starts.
    function deploymentBlock() external view returns (uint256);

    /// @notice The most contributions one batch may hold.
    function MAX_BATCH() external view returns (uint256);

    /// @notice The most entries one paged read returns.
    function MAX_PAGE() external view returns (uint256);

    /// @notice Seconds a commitment stays revealable.
    function REVEAL_WINDOW() external view returns (uint256);

    /// @notice The shortest review period a datanet may set, in seconds.
    function MIN_REVIEW_PERIOD() external view returns (uint256);

    /// @notice The longest review period a datanet may set, in seconds.
    function MAX_REVIEW_PERIOD() external view returns (uint256);

    /// @notice Seconds after a rejection during which only the rejected contributor may submit the hash again.
    function RESUBMISSION_COOLDOWN() external view returns (uint256);

    /// @notice A recorded commitment (zero if none).
    function getCommitment(bytes32 commitment) external view returns (Commitment memory);

    /// @notice The commitment to publish for contributing `contentHash` to `datanetId` as `contributor`.
    function commitmentFor(
        uint256 datanetId,
        bytes32 contentHash,
        address contributor,
        bytes32 salt
    ) external pure returns (bytes32);

    /// @notice How many contributions `curator` rejected in the datanet.
    function rejectionsBy(uint256 datanetId, address curator) external view returns (uint256);

    /// @notice The OPEN burned by rejections, across all datanets.
    function totalBurned() external view returns (uint256);

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

    /// @notice The contribution id holding `contentHash` in the datanet while pending or approved, else 0 (also
    /// while a rejection of it cools down).
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

    /// @notice Counts of a contributor's approved and rejected contributions in a datanet.
    function reputation(
        uint256 datanetId,
        address contributor
    ) external view returns (uint32 approved, uint32 rejected);

    /// @notice The OPEN locked in stakes of pending contributions, across all datanets.
    function totalStaked() external view returns (uint256);
}
