// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IDatanet} from "../interfaces/IDatanet.sol";
import {PermitPull} from "../libraries/PermitPull.sol";
import {IdList} from "../libraries/IdList.sol";
import {Paging} from "../libraries/Paging.sol";

/// @title Datanet
/// @notice Every datanet in one contract, addressed by id: staked contributions, curated review, published versions.
/// @dev Invariant: the OPEN this contract holds (less anything sent to it directly) equals `totalStaked()`, the sum
/// of the stakes of pending contributions. A stake is pinned in its contribution at submission; review or withdrawal
/// moves exactly that amount out. A content hash is unique in its datanet while pending or approved; a rejection or
/// withdrawal frees it, so the same data may be submitted again.
contract Datanet is IDatanet, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using IdList for IdList.List;

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanet
    uint256 public constant MAX_BATCH = 100;

    /// @inheritdoc IDatanet
    uint256 public constant MAX_PAGE = 500;

    /// @notice The largest stake a datanet may ask for: 2^96 - 1 wei, far above OPEN's supply, so that a
    /// contribution's record fits in three slots.
    uint256 public constant MAX_STAKE = type(uint96).max;

    /// @dev The highest quality score: 100% in basis points.
    uint16 private constant _MAX_QUALITY_BPS = 10_000;

    IERC20 private immutable _TOKEN;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    /// @dev A datanet. A contribution reads and writes slot 0 only. The approved and version counts are the lengths
    /// of their lists.
    struct DatanetData {
        uint96 stake; // slot 0; never zero once created, so it marks existence; at most MAX_STAKE
        uint32 contributionCount; // slot 0
        uint64 createdAt; // slot 0
        address owner; // slot 1
        address treasury; // slot 2
        string metadataURI; // slot 3
    }

    /// @dev A contribution in three slots (plus the pointer's, if any). Ids of datanets and contributions count up
    /// from 1, by at most MAX_BATCH per transaction, so they never reach 2^64.
    struct ContributionData {
        address contributor; // slot 0
        uint64 datanetId; // slot 0
        uint32 approvedIndex; // slot 0
        bytes32 contentHash; // slot 1
        uint96 stake; // slot 2
        uint64 sizeBytes; // slot 2
        uint64 submittedAt; // slot 2
        uint16 qualityBps; // slot 2
        Status status; // slot 2
        string pointerURI; // slot 3
    }

    /// @dev A contributor's record in one datanet.
    struct Reputation {
        uint32 approved;
        uint32 rejected;
    }

    // The three global counters share one slot, which every contribution updates once.
    uint64 private _datanetCount;
    uint64 private _contributionCount;
    uint128 private _totalStaked; // bounded by the OPEN this contract holds

    mapping(uint256 datanetId => DatanetData) private _datanets;
    mapping(uint256 datanetId => mapping(address account => bool)) private _curators;
    mapping(uint256 contributionId => ContributionData) private _contributions;
    mapping(uint256 datanetId => mapping(bytes32 contentHash => uint256 contributionId)) private _liveByHash;
    mapping(uint256 datanetId => IdList.List) private _approved; // in approval order
    mapping(uint256 datanetId => Version[]) private _versions; // version n is at index n - 1
    mapping(address contributor => IdList.List) private _contributionsOf;
    mapping(uint256 datanetId => mapping(address contributor => Reputation)) private _reputation;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token that stakes are paid in.
    constructor(address token_) {
        if (token_ == address(0)) revert ZeroAddress();
        _TOKEN = IERC20(token_);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanet
    function createDatanet(
        string calldata metadataURI,
        uint256 stake,
        address owner
    ) external returns (uint256 datanetId) {
        if (owner == address(0)) revert ZeroAddress();
        if (owner == address(this)) revert InvalidRecipient(owner);
        if (stake == 0) revert ZeroStake();
        if (stake > MAX_STAKE) revert StakeTooHigh(stake, MAX_STAKE);
        datanetId = ++_datanetCount;
        DatanetData storage d = _datanets[datanetId];
        d.stake = uint96(stake); // checked against MAX_STAKE above
        d.createdAt = uint64(block.timestamp);
        d.owner = owner;
        d.treasury = owner;
        d.metadataURI = metadataURI;
        emit DatanetCreated(datanetId, owner, msg.sender, stake, metadataURI);
    }

    /// @inheritdoc IDatanet
    function setCurator(uint256 datanetId, address curator, bool appointed) external {
        _ownedBySender(datanetId);
        if (curator == address(0)) revert ZeroAddress();
        mapping(address => bool) storage curators = _curators[datanetId];
        if (curators[curator] == appointed) revert CuratorUnchanged(datanetId, curator, appointed);
        curators[curator] = appointed;
        emit CuratorSet(datanetId, curator, appointed);
    }

    /// @inheritdoc IDatanet
    function setTreasury(uint256 datanetId, address treasury) external {
        DatanetData storage d = _ownedBySender(datanetId);
        if (treasury == address(0)) revert ZeroAddress();
        if (treasury == address(this)) revert InvalidRecipient(treasury);
        d.treasury = treasury;
        emit TreasurySet(datanetId, treasury);
    }

    /// @inheritdoc IDatanet
    function transferDatanetOwnership(uint256 datanetId, address newOwner) external {
        DatanetData storage d = _ownedBySender(datanetId);
        if (newOwner == address(0)) revert ZeroAddress();
        if (newOwner == address(this)) revert InvalidOwner(newOwner);
        d.owner = newOwner;
        emit DatanetOwnershipTransferred(datanetId, msg.sender, newOwner);
    }

    /// @inheritdoc IDatanet
    function contribute(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI
    ) external nonReentrant returns (uint256 contributionId) {
        uint96 stake;
        (contributionId, stake) = _contributeOne(datanetId, contentHash, sizeBytes, pointerURI);
        _TOKEN.safeTransferFrom(msg.sender, address(this), stake);
    }

    /// @inheritdoc IDatanet
    function contributeWithPermit(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI,
        Permit calldata permit
    ) external nonReentrant returns (uint256 contributionId) {
        uint96 stake;
        (contributionId, stake) = _contributeOne(datanetId, contentHash, sizeBytes, pointerURI);
        PermitPull.pullWithPermit(_TOKEN, msg.sender, stake, permit);
    }

    /// @inheritdoc IDatanet
    function contributeBatch(
        uint256 datanetId,
        ContributionInput[] calldata inputs
    ) external nonReentrant returns (uint256 firstId) {
        uint256 total;
        (firstId, total) = _contributeMany(datanetId, inputs);
        _TOKEN.safeTransferFrom(msg.sender, address(this), total);
    }

    /// @inheritdoc IDatanet
    function contributeBatchWithPermit(
        uint256 datanetId,
        ContributionInput[] calldata inputs,
        Permit calldata permit
    ) external nonReentrant returns (uint256 firstId) {
        uint256 total;
        (firstId, total) = _contributeMany(datanetId, inputs);
        PermitPull.pullWithPermit(_TOKEN, msg.sender, total, permit);
    }

    /// @inheritdoc IDatanet
    function approve(uint256 contributionId, uint16 qualityBps) external nonReentrant {
        (ContributionData storage c, uint256 datanetId) = _pendingForCurator(contributionId);
        if (qualityBps > _MAX_QUALITY_BPS) revert QualityTooHigh(qualityBps);
        // A datanet holds fewer than 2^32 contributions (its uint32 counter), so fewer approved ones.
        uint32 approvedIndex = uint32(_approved[datanetId].push(contributionId));
        c.qualityBps = qualityBps;
        c.approvedIndex = approvedIndex;
        address contributor = c.contributor;
        uint96 stake = _close(c, Status.Approved);
        unchecked {
            // Bounded by the datanet's contributions, which are fewer than 2^32.
            ++_reputation[datanetId][contributor].approved;
        }
        emit ContributionApproved(datanetId, contributionId, contributor, msg.sender, qualityBps, approvedIndex);
        _TOKEN.safeTransfer(contributor, stake);
    }

    /// @inheritdoc IDatanet
    function reject(uint256 contributionId) external nonReentrant {
        (ContributionData storage c, uint256 datanetId) = _pendingForCurator(contributionId);
        address contributor = c.contributor;
        uint96 stake = _close(c, Status.Rejected);
        unchecked {
            // Bounded by the datanet's contributions, which are fewer than 2^32.
            ++_reputation[datanetId][contributor].rejected;
        }
        address treasury = _datanets[datanetId].treasury;
        emit ContributionRejected(datanetId, contributionId, contributor, msg.sender, treasury, stake);
        _TOKEN.safeTransfer(treasury, stake);
    }

    /// @inheritdoc IDatanet
    function withdraw(uint256 contributionId) external nonReentrant {
        ContributionData storage c = _existingContribution(contributionId);
        if (c.contributor != msg.sender) revert NotContributor(contributionId, msg.sender);
        _requirePending(contributionId, c);
        uint96 stake = _close(c, Status.Withdrawn);
        emit ContributionWithdrawn(c.datanetId, contributionId, msg.sender);
        _TOKEN.safeTransfer(msg.sender, stake);
    }

    /// @inheritdoc IDatanet
    function publishVersion(uint256 datanetId) external returns (uint32 version) {
        _ownedBySender(datanetId);
        Version[] storage versions = _versions[datanetId];
        uint256 published = versions.length;
        // Fewer than 2^32 contributions per datanet, so fewer approved ones and fewer versions (each adds one).
        uint32 approvedCount = uint32(_approved[datanetId].length());
        uint32 lastCount = published == 0 ? 0 : versions[published - 1].approvedCount;
        if (approvedCount == lastCount) revert NothingToPublish(datanetId, approvedCount);
        versions.push(Version({approvedCount: approvedCount, publishedAt: uint64(block.timestamp)}));
        version = uint32(published + 1);
        emit VersionPublished(datanetId, version, approvedCount);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanet
    function token() external view returns (address) {
        return address(_TOKEN);
    }

    /// @inheritdoc IDatanet
    function datanetCount() external view returns (uint256) {
        return _datanetCount;
    }

    /// @inheritdoc IDatanet
    function getDatanet(uint256 datanetId) external view returns (DatanetInfo memory) {
        DatanetData storage d = _existingDatanet(datanetId);
        return
            DatanetInfo({
                owner: d.owner,
                treasury: d.treasury,
                stake: d.stake,
                createdAt: d.createdAt,
                contributionCount: d.contributionCount,
                approvedCount: uint32(_approved[datanetId].length()), // fewer than 2^32, see `approve`
                versionCount: uint32(_versions[datanetId].length), // fewer than 2^32, see `publishVersion`
                metadataURI: d.metadataURI
            });
    }

    /// @inheritdoc IDatanet
    function isCurator(uint256 datanetId, address account) external view returns (bool) {
        return _curators[datanetId][account];
    }

    /// @inheritdoc IDatanet
    function contributionCount() external view returns (uint256) {
        return _contributionCount;
    }

    /// @inheritdoc IDatanet
    function getContribution(uint256 contributionId) external view returns (Contribution memory) {
        ContributionData storage c = _existingContribution(contributionId);
        return
            Contribution({
                datanetId: c.datanetId,
                contributor: c.contributor,
                contentHash: c.contentHash,
                sizeBytes: c.sizeBytes,
                submittedAt: c.submittedAt,
                qualityBps: c.qualityBps,
                status: c.status,
                approvedIndex: c.approvedIndex,
                stake: c.stake,
                pointerURI: c.pointerURI
            });
    }

    /// @inheritdoc IDatanet
    function contributionByHash(uint256 datanetId, bytes32 contentHash) external view returns (uint256) {
        return _liveByHash[datanetId][contentHash];
    }

    /// @inheritdoc IDatanet
    function getVersion(uint256 datanetId, uint32 version) external view returns (Version memory) {
        return _publishedVersion(datanetId, version);
    }

    /// @inheritdoc IDatanet
    function isPublished(uint256 datanetId, uint32 version) external view returns (bool) {
        return version != 0 && version <= _versions[datanetId].length;
    }

    /// @inheritdoc IDatanet
    function versionContributions(
        uint256 datanetId,
        uint32 version,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids) {
        uint32 approvedCount = _publishedVersion(datanetId, version).approvedCount;
        return Paging.page(_approved[datanetId], approvedCount, offset, limit, MAX_PAGE);
    }

    /// @inheritdoc IDatanet
    function contributionsOf(
        address contributor,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory ids) {
        IdList.List storage all = _contributionsOf[contributor];
        return Paging.page(all, all.length(), offset, limit, MAX_PAGE);
    }

    /// @inheritdoc IDatanet
    function contributionCountOf(address contributor) external view returns (uint256) {
        return _contributionsOf[contributor].length();
    }

    /// @inheritdoc IDatanet
    function reputation(
        uint256 datanetId,
        address contributor
    ) external view returns (uint32 approved, uint32 rejected) {
        Reputation storage r = _reputation[datanetId][contributor];
        return (r.approved, r.rejected);
    }

    /// @inheritdoc IDatanet
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Records one contribution; returns its id and the stake the caller must pay.
    function _contributeOne(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI
    ) private returns (uint256 contributionId, uint96 stake) {
        DatanetData storage d = _existingDatanet(datanetId);
        stake = d.stake;
        contributionId = _reserve(d, 1, stake);
        _record(datanetId, contributionId, stake, contentHash, sizeBytes, pointerURI);
    }

    /// @dev Records a batch; returns the first id and the total stake the caller must pay.
    function _contributeMany(
        uint256 datanetId,
        ContributionInput[] calldata inputs
    ) private returns (uint256 firstId, uint256 total) {
        uint256 n = inputs.length;
        if (n == 0 || n > MAX_BATCH) revert BadBatchLength(n, MAX_BATCH);
        DatanetData storage d = _existingDatanet(datanetId);
        uint96 stake = d.stake;
        firstId = _reserve(d, n, stake);
        for (uint256 i; i < n; ++i) {
            ContributionInput calldata input = inputs[i];
            _record(datanetId, firstId + i, stake, input.contentHash, input.sizeBytes, input.pointerURI);
        }
        total = uint256(stake) * n; // at most MAX_STAKE * MAX_BATCH, far below 2^256
    }

    /// @dev Counts `n` new contributions, each locking `stake`, and returns the first one's id.
    function _reserve(DatanetData storage d, uint256 n, uint96 stake) private returns (uint256 firstId) {
        firstId = uint256(_contributionCount) + 1;
        // n <= MAX_BATCH; the sums are checked, so overflowing a counter reverts.
        _contributionCount += uint64(n);
        _totalStaked += uint128(stake) * uint128(n);
        d.contributionCount += uint32(n);
    }

    /// @dev Stores one pending contribution, indexes it by hash and contributor, and announces it.
    function _record(
        uint256 datanetId,
        uint256 contributionId,
        uint96 stake,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI
    ) private {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (sizeBytes == 0) revert ZeroSize();
        mapping(bytes32 => uint256) storage liveByHash = _liveByHash[datanetId];
        // Also catches a duplicate inside a batch: the earlier entry is already indexed.
        if (liveByHash[contentHash] != 0) revert DuplicateContent(datanetId, contentHash);
        liveByHash[contentHash] = contributionId;
        ContributionData storage c = _contributions[contributionId];
        c.contributor = msg.sender;
        c.datanetId = uint64(datanetId); // an existing id, so at most _datanetCount, a uint64
        c.contentHash = contentHash;
        c.stake = stake;
        c.sizeBytes = sizeBytes;
        c.submittedAt = uint64(block.timestamp);
        c.status = Status.Pending;
        if (bytes(pointerURI).length != 0) c.pointerURI = pointerURI;
        _contributionsOf[msg.sender].push(contributionId); // ids stay below 2^64, see ContributionData
        emit ContributionSubmitted(datanetId, contributionId, msg.sender, contentHash, sizeBytes, stake, pointerURI);
    }

    /// @dev Ends a pending contribution with `status` and releases its stake from the total, returning the stake.
    /// A rejected or withdrawn contribution frees its content hash for a new submission.
    function _close(ContributionData storage c, Status status) private returns (uint96 stake) {
        c.status = status;
        if (status != Status.Approved) delete _liveByHash[c.datanetId][c.contentHash];
        stake = c.stake;
        unchecked {
            // The total includes this pending contribution's stake.
            _totalStaked -= stake;
        }
    }

    /// @dev The datanet, which must exist and be owned by the caller.
    function _ownedBySender(uint256 datanetId) private view returns (DatanetData storage d) {
        d = _existingDatanet(datanetId);
        if (d.owner != msg.sender) revert NotDatanetOwner(datanetId, msg.sender);
    }

    /// @dev The datanet, which must exist.
    function _existingDatanet(uint256 datanetId) private view returns (DatanetData storage d) {
        d = _datanets[datanetId];
        if (d.stake == 0) revert UnknownDatanet(datanetId);
    }

    /// @dev The contribution, which must exist.
    function _existingContribution(uint256 contributionId) private view returns (ContributionData storage c) {
        c = _contributions[contributionId];
        if (c.contributor == address(0)) revert UnknownContribution(contributionId);
    }

    /// @dev The contribution, which must exist, be pending and belong to a datanet the caller curates.
    function _pendingForCurator(
        uint256 contributionId
    ) private view returns (ContributionData storage c, uint256 datanetId) {
        c = _existingContribution(contributionId);
        datanetId = c.datanetId;
        if (!_curators[datanetId][msg.sender]) revert NotCurator(datanetId, msg.sender);
        _requirePending(contributionId, c);
    }

    function _requirePending(uint256 contributionId, ContributionData storage c) private view {
        Status status = c.status;
        if (status != Status.Pending) revert NotPending(contributionId, status);
    }

    /// @dev A published version, or UnpublishedVersion.
    function _publishedVersion(uint256 datanetId, uint32 version) private view returns (Version storage) {
        Version[] storage versions = _versions[datanetId];
        if (version == 0 || version > versions.length) revert UnpublishedVersion(datanetId, version);
        return versions[version - 1];
    }
}
