// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IDatanet} from "../interfaces/IDatanet.sol";
import {ContentClaims} from "../libraries/ContentClaims.sol";
import {PermitPull} from "../libraries/PermitPull.sol";
import {IdList} from "../libraries/IdList.sol";
import {Paging} from "../libraries/Paging.sol";

/// @title Datanet
/// @notice Every datanet in one contract, addressed by id: staked contributions, curated review, published versions.
/// @dev Invariant: the OPEN this contract holds (less anything sent to it directly, which the admin may sweep)
/// equals `totalStaked()`, the sum of the stakes of pending contributions. A stake is pinned in its contribution at
/// submission and every pull checks that exactly it arrived; review, withdrawal or displacement moves exactly that
/// amount out (a rejection burns it). A content hash is unique in its datanet while pending or approved; a
/// withdrawal frees it, a rejection frees it after RESUBMISSION_COOLDOWN (to its contributor at once).
contract Datanet is IDatanet, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using IdList for IdList.List;
    using ContentClaims for mapping(bytes32 => Commitment);

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

    /// @inheritdoc IDatanet
    /// @dev A day: ample for a reveal sent in the block after the commit, short enough that a pending contribution
    /// can be displaced by an older commitment only during that time.
    uint256 public constant REVEAL_WINDOW = 1 days;

    /// @inheritdoc IDatanet
    /// @dev An hour: enough for a curator to see a submission before its stake can leave.
    uint256 public constant MIN_REVIEW_PERIOD = 1 hours;

    /// @inheritdoc IDatanet
    /// @dev Thirty days: no datanet locks a stake longer than that without reviewing it.
    uint256 public constant MAX_REVIEW_PERIOD = 30 days;

    /// @inheritdoc IDatanet
    /// @dev A week: the rejected contributor's head start on resubmitting its own data.
    uint256 public constant RESUBMISSION_COOLDOWN = 7 days;

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
        uint32 reviewPeriod; // slot 0; within the caps, fixed at creation
        address owner; // slot 1
        string metadataURI; // slot 2
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
    mapping(uint256 datanetId => mapping(bytes32 contentHash => ContentClaims.Slot)) private _hashes;
    mapping(uint256 datanetId => IdList.List) private _approved; // in approval order
    mapping(uint256 datanetId => Version[]) private _versions; // version n is at index n - 1
    mapping(address contributor => IdList.List) private _contributionsOf;
    mapping(uint256 datanetId => mapping(address contributor => Reputation)) private _reputation;
    mapping(bytes32 commitment => Commitment) private _commitments;
    mapping(uint256 datanetId => mapping(address curator => uint256)) private _rejectionsBy;
    uint256 private _totalBurned;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token that stakes are paid in (a plain, burnable ERC-20).
    /// @param admin Holds DEFAULT_ADMIN_ROLE: sweeps OPEN sent here by mistake, never what is owed.
    constructor(address token_, address admin) {
        if (token_ == address(0) || admin == address(0)) revert ZeroAddress();
        _TOKEN = IERC20(token_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IDatanet
    function createDatanet(
        string calldata metadataURI,
        uint256 stake,
        address owner,
        uint32 reviewPeriod
    ) external returns (uint256 datanetId) {
        if (owner == address(0)) revert ZeroAddress();
        if (owner == address(this)) revert InvalidOwner(owner);
        if (stake == 0) revert ZeroStake();
        if (stake > MAX_STAKE) revert StakeTooHigh(stake, MAX_STAKE);
        if (reviewPeriod < MIN_REVIEW_PERIOD || reviewPeriod > MAX_REVIEW_PERIOD) {
            revert ReviewPeriodOutOfRange(reviewPeriod, MIN_REVIEW_PERIOD, MAX_REVIEW_PERIOD);
        }
        datanetId = ++_datanetCount;
        DatanetData storage d = _datanets[datanetId];
        d.stake = uint96(stake); // checked against MAX_STAKE above
        d.createdAt = uint64(block.timestamp);
        d.reviewPeriod = reviewPeriod;
        d.owner = owner;
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
        _pull(stake);
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
        _pullWithPermit(stake, permit);
    }

    /// @inheritdoc IDatanet
    function contributeBatch(
        uint256 datanetId,
        ContributionInput[] calldata inputs
    ) external nonReentrant returns (uint256 firstId) {
        uint256 total;
        (firstId, total) = _contributeMany(datanetId, inputs);
        _pull(total);
    }

    /// @inheritdoc IDatanet
    function contributeBatchWithPermit(
        uint256 datanetId,
        ContributionInput[] calldata inputs,
        Permit calldata permit
    ) external nonReentrant returns (uint256 firstId) {
        uint256 total;
        (firstId, total) = _contributeMany(datanetId, inputs);
        _pullWithPermit(total, permit);
    }

    /// @inheritdoc IDatanet
    function commit(bytes32[] calldata commitments) external {
        uint256 n = commitments.length;
        if (n == 0 || n > MAX_BATCH) revert BadBatchLength(n, MAX_BATCH);
        for (uint256 i; i < n; ++i) {
            bytes32 commitment = commitments[i];
            if (_commitments.record(commitment, REVEAL_WINDOW)) emit Committed(commitment, msg.sender);
        }
    }

    /// @inheritdoc IDatanet
    function reveal(
        uint256 datanetId,
        RevealInput[] calldata inputs
    ) external nonReentrant returns (uint256[] memory ids) {
        uint256 n = inputs.length;
        if (n == 0 || n > MAX_BATCH) revert BadBatchLength(n, MAX_BATCH);
        DatanetData storage d = _existingDatanet(datanetId);
        uint96 stake = d.stake;
        ids = new uint256[](n);
        // Stakes of displaced contributions, paid back once the sender's stakes are in.
        address[] memory refundTo = new address[](n);
        uint256 recorded;
        for (uint256 i; i < n; ++i) {
            (ids[i], refundTo[i]) = _revealOne(datanetId, d, stake, inputs[i]);
            if (ids[i] != 0) ++recorded;
        }
        if (recorded != 0) _pull(uint256(stake) * recorded); // at most MAX_STAKE * MAX_BATCH
        for (uint256 i; i < n; ++i) {
            if (refundTo[i] != address(0)) _TOKEN.safeTransfer(refundTo[i], stake);
        }
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
        ++_rejectionsBy[datanetId][msg.sender];
        _totalBurned += stake;
        // The hash stays held for the rejected contributor, who alone may resubmit it during the cooldown.
        _hashes[datanetId][c.contentHash].cooldownEnds = uint64(block.timestamp + RESUBMISSION_COOLDOWN);
        emit ContributionRejected(datanetId, contributionId, contributor, msg.sender, stake);
        // Burned, not paid: whoever decides a rejection gains nothing from it.
        ERC20Burnable(address(_TOKEN)).burn(stake);
    }

    /// @inheritdoc IDatanet
    function withdraw(uint256 contributionId) external nonReentrant {
        ContributionData storage c = _existingContribution(contributionId);
        if (c.contributor != msg.sender) revert NotContributor(contributionId, msg.sender);
        _requirePending(contributionId, c);
        uint256 datanetId = c.datanetId;
        uint256 withdrawableAt = uint256(c.submittedAt) + _datanets[datanetId].reviewPeriod;
        if (block.timestamp < withdrawableAt) revert ReviewPending(contributionId, withdrawableAt);
        uint96 stake = _close(c, Status.Withdrawn);
        delete _hashes[datanetId][c.contentHash];
        emit ContributionWithdrawn(datanetId, contributionId, msg.sender);
        _TOKEN.safeTransfer(msg.sender, stake);
    }

    /// @inheritdoc IDatanet
    function sweep(address to) external nonReentrant onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        if (to == address(this)) revert InvalidRecipient(to);
        uint256 held = _TOKEN.balanceOf(address(this));
        uint256 owed = _totalStaked;
        if (held <= owed) revert NothingToSweep(held, owed);
        amount = held - owed;
        emit Swept(to, amount);
        _TOKEN.safeTransfer(to, amount);
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
                stake: d.stake,
                reviewPeriod: d.reviewPeriod,
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
        ContentClaims.Slot memory slot = _hashes[datanetId][contentHash];
        return slot.cooldownEnds == 0 ? slot.contributionId : 0;
    }

    /// @inheritdoc IDatanet
    function getCommitment(bytes32 commitment) external view returns (Commitment memory) {
        return _commitments[commitment];
    }

    /// @inheritdoc IDatanet
    function commitmentFor(
        uint256 datanetId,
        bytes32 contentHash,
        address contributor,
        bytes32 salt
    ) external pure returns (bytes32) {
        return ContentClaims.commitmentFor(datanetId, contentHash, contributor, salt);
    }

    /// @inheritdoc IDatanet
    function rejectionsBy(uint256 datanetId, address curator) external view returns (uint256) {
        return _rejectionsBy[datanetId][curator];
    }

    /// @inheritdoc IDatanet
    function totalBurned() external view returns (uint256) {
        return _totalBurned;
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
        _claimForContribute(datanetId, contentHash, sizeBytes);
        _record(datanetId, contributionId, stake, contentHash, sizeBytes, pointerURI, block.number);
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
            // Also catches a duplicate inside the batch: the earlier entry already holds the hash.
            _claimForContribute(datanetId, input.contentHash, input.sizeBytes);
            _record(datanetId, firstId + i, stake, input.contentHash, input.sizeBytes, input.pointerURI, block.number);
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

    /// @dev Spends the sender's commitment to `input` and records it unless its hash stays with its holder; returns
    /// the new id (0 if skipped) and the contributor it displaced, if any.
    function _revealOne(
        uint256 datanetId,
        DatanetData storage d,
        uint96 stake,
        RevealInput calldata input
    ) private returns (uint256 id, address displaced) {
        bytes32 commitment = ContentClaims.commitmentFor(datanetId, input.contentHash, msg.sender, input.salt);
        uint64 committedBlock = _commitments.consume(commitment, REVEAL_WINDOW);
        id = uint256(_contributionCount) + 1;
        bool taken;
        (taken, displaced) = _claimForReveal(datanetId, input.contentHash, input.sizeBytes, committedBlock, id);
        if (!taken) return (0, address(0));
        _reserve(d, 1, stake);
        _record(datanetId, id, stake, input.contentHash, input.sizeBytes, input.pointerURI, committedBlock);
    }

    /// @dev Checks that a one-step contribution may take the hash now; it never displaces anyone, since its own
    /// block is the latest.
    function _claimForContribute(uint256 datanetId, bytes32 contentHash, uint64 sizeBytes) private view {
        ContentClaims.Slot memory slot = _checkedSlot(datanetId, contentHash, sizeBytes);
        ContributionData storage holder = _contributions[slot.contributionId];
        ContentClaims.Finding finding = ContentClaims.find(
            slot,
            block.number,
            msg.sender,
            holder.contributor,
            holder.status
        );
        if (finding == ContentClaims.Finding.Cooling) {
            revert ResubmissionCooldown(datanetId, contentHash, holder.contributor, slot.cooldownEnds);
        }
        if (finding != ContentClaims.Finding.Free) revert DuplicateContent(datanetId, contentHash);
    }

    /// @dev Decides a revealed claim on the hash: skipped (and announced) when the holder keeps it; otherwise taken,
    /// displacing a pending holder with a later commitment, whose contributor is returned for its refund.
    function _claimForReveal(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes,
        uint256 committedBlock,
        uint256 id
    ) private returns (bool taken, address displaced) {
        ContentClaims.Slot memory slot = _checkedSlot(datanetId, contentHash, sizeBytes);
        uint256 holderId = slot.contributionId;
        ContributionData storage holder = _contributions[holderId];
        ContentClaims.Finding finding = ContentClaims.find(
            slot,
            committedBlock,
            msg.sender,
            holder.contributor,
            holder.status
        );
        if (finding == ContentClaims.Finding.Taken || finding == ContentClaims.Finding.Cooling) {
            emit RevealSkipped(datanetId, contentHash, msg.sender, holderId);
            return (false, address(0));
        }
        if (finding == ContentClaims.Finding.Displace) {
            displaced = holder.contributor;
            _close(holder, Status.Displaced);
            emit ContributionDisplaced(datanetId, holderId, displaced, id);
        }
        return (true, displaced);
    }

    /// @dev The hash's slot, once the input is checked.
    function _checkedSlot(
        uint256 datanetId,
        bytes32 contentHash,
        uint64 sizeBytes
    ) private view returns (ContentClaims.Slot memory) {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (sizeBytes == 0) revert ZeroSize();
        return _hashes[datanetId][contentHash];
    }

    /// @dev Stores one pending contribution, makes it the hash's holder, indexes it by contributor and announces it.
    function _record(
        uint256 datanetId,
        uint256 contributionId,
        uint96 stake,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI,
        uint256 committedBlock
    ) private {
        // ids and block numbers stay below 2^64, see ContributionData
        _hashes[datanetId][contentHash] = ContentClaims.Slot({
            contributionId: uint64(contributionId),
            committedBlock: uint64(committedBlock),
            cooldownEnds: 0
        });
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
    /// The caller updates the hash's slot.
    function _close(ContributionData storage c, Status status) private returns (uint96 stake) {
        c.status = status;
        stake = c.stake;
        unchecked {
            // The total includes this pending contribution's stake.
            _totalStaked -= stake;
        }
    }

    /// @dev Pulls `amount` from the sender, checking that exactly that much arrived.
    function _pull(uint256 amount) private {
        uint256 before = _TOKEN.balanceOf(address(this));
        _TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        _checkArrived(before, amount);
    }

    /// @dev As `_pull`, after applying a permit (see PermitPull).
    function _pullWithPermit(uint256 amount, Permit calldata permit) private {
        uint256 before = _TOKEN.balanceOf(address(this));
        PermitPull.pullWithPermit(_TOKEN, msg.sender, amount, permit);
        _checkArrived(before, amount);
    }

    function _checkArrived(uint256 before, uint256 expected) private view {
        uint256 received = _TOKEN.balanceOf(address(this)) - before;
        if (received != expected) revert TransferAmountMismatch(expected, received);
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
