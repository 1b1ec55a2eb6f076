// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDatanet} from "../interfaces/IDatanet.sol";
import {ContentClaims} from "../libraries/ContentClaims.sol";
import {PermitPull} from "../libraries/PermitPull.sol";
import {IdList} from "../libraries/IdList.sol";
import {ContributionRecord, Record} from "../libraries/ContributionRecord.sol";
import {Paging} from "../libraries/Paging.sol";

/// @title Datanet
/// @notice Every datanet in one contract, addressed by id: staked contributions, curated review, published versions.
/// @dev Invariant: the OPEN this contract holds (less anything sent to it directly, which the admin may sweep)
/// equals `totalStaked()`, the sum of the stakes of pending contributions. Every contribution locks its datanet's
/// stake, which is fixed at creation, and every pull checks that exactly it arrived; review, withdrawal or
/// displacement moves exactly that amount out (a rejection burns it). A content hash is unique in its datanet while
/// pending or approved; a withdrawal frees it, a rejection frees it after RESUBMISSION_COOLDOWN (to its contributor
/// at once). For gas, a contribution's record is one storage slot: what it was submitted with (content hash, size,
/// pointer) is in its ContributionSubmitted event and its place in the approved list in ContributionApproved, where
/// indexers read them; the contract never needs them again, since a hash's holder is judged by its status.
contract Datanet is IDatanet, AccessControl, ReentrancyGuardTransient {
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

    /// @notice The largest stake a datanet may ask for: 2^96 - 1 wei, far above OPEN's supply, so that a datanet's
    /// stake fits its first slot and the total staked fits beside the counters.
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

    /// @dev Where the contribution count and the total staked sit in `_counters`, above the datanet count.
    uint256 private constant _CONTRIBUTIONS_SHIFT = 32;
    uint256 private constant _STAKED_SHIFT = 96;

    IERC20 private immutable _TOKEN;
    uint256 private immutable _DEPLOYMENT_BLOCK;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    /// @dev A datanet. A contribution reads slot 0 only and writes nothing here. The approved and version counts are
    /// the lengths of their lists; its contributions are counted by their events.
    struct DatanetData {
        uint96 stake; // slot 0; never zero once created, so it marks existence; at most MAX_STAKE
        uint64 createdAt; // slot 0
        uint32 reviewPeriod; // slot 0; within the caps, fixed at creation
        address owner; // slot 1
        string metadataURI; // slot 2
    }

    /// @dev A contributor's record in one datanet.
    struct Reputation {
        uint32 approved;
        uint32 rejected;
    }

    // The three global counters in one word, which every contribution reads and writes once: the number of
    // datanets (bits 0-31), of contributions (bits 32-95) and the OPEN staked in pending ones (bits 96-255). None
    // overflows into the next: datanet ids are checked below 2^32, contribution ids never reach 2^64 (see
    // _contributions), and fewer than 2^64 stakes of at most MAX_STAKE = 2^96 - 1 wei sum below 2^160.
    uint256 private _counters;

    mapping(uint256 datanetId => DatanetData) private _datanets;
    mapping(uint256 datanetId => mapping(address account => bool)) private _curators;
    // One word per contribution (see ContributionRecord); its stake is its datanet's. Contribution ids count up
    // from 1, by at most MAX_BATCH per transaction, so they never reach 2^64.
    mapping(uint256 contributionId => Record) private _contributions;
    mapping(uint256 datanetId => mapping(bytes32 contentHash => ContentClaims.Stored)) private _hashes;
    mapping(uint256 datanetId => IdList.List) private _approved; // in approval order
    mapping(uint256 datanetId => Version[]) private _versions; // version n is at index n - 1
    mapping(uint256 datanetId => mapping(address contributor => Reputation)) private _reputation;
    mapping(bytes32 commitment => Commitment) private _commitments;
    mapping(uint256 datanetId => mapping(address curator => uint256)) private _rejectionsBy;
    mapping(uint256 contributionId => uint256) private _cooldownEnds; // of a rejected contribution's hash
    uint256 private _totalBurned;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token that stakes are paid in (a plain, burnable ERC-20).
    /// @param admin Holds DEFAULT_ADMIN_ROLE: sweeps OPEN sent here by mistake, never what is owed.
    constructor(address token_, address admin) {
        if (token_ == address(0) || admin == address(0)) revert ZeroAddress();
        _TOKEN = IERC20(token_);
        _DEPLOYMENT_BLOCK = block.number;
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
        uint256 counters = _counters;
        datanetId = uint32(counters) + 1; // checked: datanet ids stay below 2^32
        _counters = counters + 1;
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
        uint96 stake = _stakeOf(datanetId);
        ids = new uint256[](n);
        // Stakes of displaced contributions, paid back once the sender's stakes are in.
        address[] memory refundTo = new address[](n);
        uint256 recorded;
        for (uint256 i; i < n; ++i) {
            (ids[i], refundTo[i]) = _revealOne(datanetId, stake, inputs[i]);
            if (ids[i] != 0) ++recorded;
        }
        if (recorded != 0) _pull(uint256(stake) * recorded); // at most MAX_STAKE * MAX_BATCH
        for (uint256 i; i < n; ++i) {
            if (refundTo[i] != address(0)) _TOKEN.safeTransfer(refundTo[i], stake);
        }
    }

    /// @inheritdoc IDatanet
    function approve(uint256 contributionId, uint16 qualityBps) external nonReentrant {
        (Record c, uint256 datanetId) = _pendingForCurator(contributionId);
        if (qualityBps > _MAX_QUALITY_BPS) revert QualityTooHigh(qualityBps);
        // Checked: a datanet approves fewer than 2^32 contributions, which bounds its versions and reputations too.
        uint32 approvedIndex = SafeCast.toUint32(_approved[datanetId].push(contributionId));
        address contributor = c.contributor();
        uint96 stake = _close(contributionId, c.withQuality(qualityBps), datanetId, Status.Approved);
        unchecked {
            // Bounded by the datanet's approvals, which are fewer than 2^32 (see above).
            ++_reputation[datanetId][contributor].approved;
        }
        emit ContributionApproved(datanetId, contributionId, contributor, msg.sender, qualityBps, approvedIndex);
        _TOKEN.safeTransfer(contributor, stake);
    }

    /// @inheritdoc IDatanet
    function reject(uint256 contributionId) external nonReentrant {
        (Record c, uint256 datanetId) = _pendingForCurator(contributionId);
        address contributor = c.contributor();
        uint96 stake = _close(contributionId, c, datanetId, Status.Rejected);
        ++_reputation[datanetId][contributor].rejected; // checked: only gas bounds a contributor's rejections
        ++_rejectionsBy[datanetId][msg.sender];
        _totalBurned += stake;
        // The hash stays held for the rejected contributor, who alone may resubmit it during the cooldown.
        _cooldownEnds[contributionId] = block.timestamp + RESUBMISSION_COOLDOWN;
        emit ContributionRejected(datanetId, contributionId, contributor, msg.sender, stake);
        // Burned, not paid: whoever decides a rejection gains nothing from it.
        ERC20Burnable(address(_TOKEN)).burn(stake);
    }

    /// @inheritdoc IDatanet
    function withdraw(uint256 contributionId) external nonReentrant {
        Record c = _existingContribution(contributionId);
        if (c.contributor() != msg.sender) revert NotContributor(contributionId, msg.sender);
        _requirePending(contributionId, c);
        uint256 datanetId = c.datanetId();
        uint256 withdrawableAt = uint256(c.submittedAt()) + _datanets[datanetId].reviewPeriod;
        if (block.timestamp < withdrawableAt) revert ReviewPending(contributionId, withdrawableAt);
        // The hash is free from now on: its holder is no longer pending (see `_holderOf`).
        uint96 stake = _close(contributionId, c, datanetId, Status.Withdrawn);
        emit ContributionWithdrawn(datanetId, contributionId, msg.sender);
        _TOKEN.safeTransfer(msg.sender, stake);
    }

    /// @inheritdoc IDatanet
    function sweep(address to) external nonReentrant onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        if (to == address(this)) revert InvalidRecipient(to);
        uint256 held = _TOKEN.balanceOf(address(this));
        uint256 owed = _totalStakedIn(_counters);
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
        // Fewer than 2^32 approved contributions per datanet (see `approve`), so fewer versions (each adds one).
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
    function deploymentBlock() external view returns (uint256) {
        return _DEPLOYMENT_BLOCK;
    }

    /// @inheritdoc IDatanet
    function datanetCount() external view returns (uint256) {
        return uint32(_counters);
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
        return _contributionCountIn(_counters);
    }

    /// @inheritdoc IDatanet
    function getContribution(uint256 contributionId) external view returns (Contribution memory) {
        Record c = _existingContribution(contributionId);
        return
            Contribution({
                datanetId: c.datanetId(),
                contributor: c.contributor(),
                submittedAt: c.submittedAt(),
                qualityBps: c.qualityBps(),
                status: c.status(),
                stake: _datanets[c.datanetId()].stake
            });
    }

    /// @inheritdoc IDatanet
    function contributionByHash(uint256 datanetId, bytes32 contentHash) external view returns (uint256) {
        uint256 holderId = ContentClaims.slotOf(_hashes[datanetId][contentHash].word).contributionId;
        Status status = _contributions[holderId].status();
        return status == Status.Pending || status == Status.Approved ? holderId : 0;
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
    function reputation(
        uint256 datanetId,
        address contributor
    ) external view returns (uint32 approved, uint32 rejected) {
        Reputation storage r = _reputation[datanetId][contributor];
        return (r.approved, r.rejected);
    }

    /// @inheritdoc IDatanet
    function totalStaked() external view returns (uint256) {
        return _totalStakedIn(_counters);
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
        stake = _stakeOf(datanetId);
        contributionId = _reserve(1, stake);
        ContentClaims.Stored storage held = _checkedHold(_hashes[datanetId], contentHash, sizeBytes);
        _claimForContribute(datanetId, held, contentHash);
        _record(datanetId, held, contributionId, contentHash, sizeBytes, pointerURI, block.number);
    }

    /// @dev Records a batch; returns the first id and the total stake the caller must pay.
    function _contributeMany(
        uint256 datanetId,
        ContributionInput[] calldata inputs
    ) private returns (uint256 firstId, uint256 total) {
        uint256 n = inputs.length;
        if (n == 0 || n > MAX_BATCH) revert BadBatchLength(n, MAX_BATCH);
        uint96 stake = _stakeOf(datanetId);
        firstId = _reserve(n, stake);
        mapping(bytes32 => ContentClaims.Stored) storage hashes = _hashes[datanetId];
        for (uint256 i; i < n; ++i) {
            ContributionInput calldata input = inputs[i];
            bytes32 contentHash = input.contentHash;
            uint64 sizeBytes = input.sizeBytes;
            // Also catches a duplicate inside the batch: the earlier entry already holds the hash.
            ContentClaims.Stored storage held = _checkedHold(hashes, contentHash, sizeBytes);
            _claimForContribute(datanetId, held, contentHash);
            _store(datanetId, held, firstId + i, block.number);
        }
        // One event for the batch: a log per item would cost more than a third of what storing it does.
        emit ContributionsSubmitted(datanetId, msg.sender, firstId, inputs);
        total = uint256(stake) * n; // at most MAX_STAKE * MAX_BATCH, far below 2^256
    }

    /// @dev Counts `n` new contributions, each locking `stake`, and returns the first one's id.
    function _reserve(uint256 n, uint96 stake) private returns (uint256 firstId) {
        uint256 counters = _counters;
        firstId = _contributionCountIn(counters) + 1;
        unchecked {
            // n <= MAX_BATCH; no field overflows into the next (see _counters).
            _counters = counters + (n << _CONTRIBUTIONS_SHIFT) + ((uint256(stake) * n) << _STAKED_SHIFT);
        }
    }

    function _contributionCountIn(uint256 counters) private pure returns (uint256) {
        return uint64(counters >> _CONTRIBUTIONS_SHIFT);
    }

    function _totalStakedIn(uint256 counters) private pure returns (uint256) {
        return counters >> _STAKED_SHIFT;
    }

    /// @dev Spends the sender's commitment to `input` and records it unless its hash stays with its holder; returns
    /// the new id (0 if skipped) and the contributor it displaced, if any.
    function _revealOne(
        uint256 datanetId,
        uint96 stake,
        RevealInput calldata input
    ) private returns (uint256 id, address displaced) {
        bytes32 commitment = ContentClaims.commitmentFor(datanetId, input.contentHash, msg.sender, input.salt);
        uint64 committedBlock = _commitments.consume(commitment, REVEAL_WINDOW);
        id = _contributionCountIn(_counters) + 1;
        ContentClaims.Stored storage held = _checkedHold(_hashes[datanetId], input.contentHash, input.sizeBytes);
        bool taken;
        (taken, displaced) = _claimForReveal(datanetId, held, input.contentHash, committedBlock, id);
        if (!taken) return (0, address(0));
        _reserve(1, stake);
        _record(datanetId, held, id, input.contentHash, input.sizeBytes, input.pointerURI, committedBlock);
    }

    /// @dev Checks that a one-step contribution may take the hash now; it never displaces anyone, since its own
    /// block is the latest.
    function _claimForContribute(
        uint256 datanetId,
        ContentClaims.Stored storage held,
        bytes32 contentHash
    ) private view {
        uint256 word = held.word;
        if (word == 0) return; // a hash never held: nothing more to read
        ContentClaims.Slot memory slot = ContentClaims.slotOf(word);
        ContentClaims.Holder memory holder = _holderOf(slot.contributionId);
        ContentClaims.Finding finding = ContentClaims.find(slot, block.number, msg.sender, holder);
        if (finding == ContentClaims.Finding.Cooling) {
            revert ResubmissionCooldown(datanetId, contentHash, holder.contributor, holder.cooldownEnds);
        }
        if (finding != ContentClaims.Finding.Free) revert DuplicateContent(datanetId, contentHash);
    }

    /// @dev Decides a revealed claim on the hash: skipped (and announced) when the holder keeps it; otherwise taken,
    /// displacing a pending holder with a later commitment, whose contributor is returned for its refund.
    function _claimForReveal(
        uint256 datanetId,
        ContentClaims.Stored storage held,
        bytes32 contentHash,
        uint256 committedBlock,
        uint256 id
    ) private returns (bool taken, address displaced) {
        uint256 word = held.word;
        if (word == 0) return (true, address(0));
        ContentClaims.Slot memory slot = ContentClaims.slotOf(word);
        uint256 holderId = slot.contributionId;
        ContentClaims.Holder memory holder = _holderOf(holderId);
        ContentClaims.Finding finding = ContentClaims.find(slot, committedBlock, msg.sender, holder);
        if (finding == ContentClaims.Finding.Taken || finding == ContentClaims.Finding.Cooling) {
            emit RevealSkipped(datanetId, contentHash, msg.sender, holderId);
            return (false, address(0));
        }
        if (finding == ContentClaims.Finding.Displace) {
            displaced = holder.contributor;
            _close(holderId, _contributions[holderId], datanetId, Status.Displaced);
            emit ContributionDisplaced(datanetId, holderId, displaced, id);
        }
        return (true, displaced);
    }

    /// @dev What the claim rule needs of a hash's holder: its contributor, its status and, once rejected, the end
    /// of its cooldown. A holder that was withdrawn keeps its slot, and its status frees the hash.
    function _holderOf(uint256 holderId) private view returns (ContentClaims.Holder memory holder) {
        Record c = _contributions[holderId];
        holder.contributor = c.contributor();
        holder.status = c.status();
        if (holder.status == Status.Rejected) holder.cooldownEnds = _cooldownEnds[holderId];
    }

    /// @dev Where the hash's slot is stored in its datanet's index, once the input is checked.
    function _checkedHold(
        mapping(bytes32 => ContentClaims.Stored) storage hashes,
        bytes32 contentHash,
        uint64 sizeBytes
    ) private view returns (ContentClaims.Stored storage) {
        if (contentHash == bytes32(0)) revert ZeroContentHash();
        if (sizeBytes == 0) revert ZeroSize();
        return hashes[contentHash];
    }

    /// @dev As `_store`, and announces the contribution with what it was submitted with, which the contract does
    /// not keep.
    function _record(
        uint256 datanetId,
        ContentClaims.Stored storage held,
        uint256 contributionId,
        bytes32 contentHash,
        uint64 sizeBytes,
        string calldata pointerURI,
        uint256 committedBlock
    ) private {
        _store(datanetId, held, contributionId, committedBlock);
        emit ContributionSubmitted(datanetId, contributionId, msg.sender, contentHash, sizeBytes, pointerURI);
    }

    /// @dev Stores one pending contribution in one slot and makes it the hash's holder.
    function _store(
        uint256 datanetId,
        ContentClaims.Stored storage held,
        uint256 contributionId,
        uint256 committedBlock
    ) private {
        // ids and block numbers stay below 2^64, see _contributions
        held.word = ContentClaims.slotWord(contributionId, committedBlock);
        // datanetId is an existing id, so at most the datanet count, a uint32
        _contributions[contributionId] = ContributionRecord.pending(msg.sender, datanetId, block.timestamp);
    }

    /// @dev Ends pending contribution `contributionId` (record `c`) of `datanetId` with `status` and releases its stake
    /// (the datanet's) from the total, returning the stake.
    function _close(uint256 contributionId, Record c, uint256 datanetId, Status status) private returns (uint96 stake) {
        _contributions[contributionId] = c.withStatus(status);
        stake = _datanets[datanetId].stake;
        unchecked {
            // The total includes this pending contribution's stake, so the staked field does not borrow.
            _counters -= uint256(stake) << _STAKED_SHIFT;
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

    /// @dev The stake of a datanet, which must exist: one read of its first slot.
    function _stakeOf(uint256 datanetId) private view returns (uint96 stake) {
        stake = _datanets[datanetId].stake;
        if (stake == 0) revert UnknownDatanet(datanetId);
    }

    /// @dev The datanet, which must exist.
    function _existingDatanet(uint256 datanetId) private view returns (DatanetData storage d) {
        d = _datanets[datanetId];
        if (d.stake == 0) revert UnknownDatanet(datanetId);
    }

    /// @dev The contribution, which must exist.
    function _existingContribution(uint256 contributionId) private view returns (Record c) {
        c = _contributions[contributionId];
        if (!c.exists()) revert UnknownContribution(contributionId);
    }

    /// @dev The contribution, which must exist, be pending and belong to a datanet the caller curates.
    function _pendingForCurator(uint256 contributionId) private view returns (Record c, uint256 datanetId) {
        c = _existingContribution(contributionId);
        datanetId = c.datanetId();
        if (!_curators[datanetId][msg.sender]) revert NotCurator(datanetId, msg.sender);
        _requirePending(contributionId, c);
    }

    function _requirePending(uint256 contributionId, Record c) private pure {
        Status status = c.status();
        if (status != Status.Pending) revert NotPending(contributionId, status);
    }

    /// @dev A published version, or UnpublishedVersion.
    function _publishedVersion(uint256 datanetId, uint32 version) private view returns (Version storage) {
        Version[] storage versions = _versions[datanetId];
        if (version == 0 || version > versions.length) revert UnpublishedVersion(datanetId, version);
        return versions[version - 1];
    }
}
