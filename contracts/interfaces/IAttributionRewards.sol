// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IAttributionRewards
/// @notice Where money moves. A paid inference is split by shares between the protocol treasury, the agent owner,
/// the model owner and the data pool of the model's lineage. Parties withdraw what they accrued (pull). Data
/// contributors are paid per epoch from a Merkle root of cumulative entitlements `(account, total ever earned)`
/// posted by an attributor; after a challenge window (during which a guardian may revoke it) anyone may claim for
/// anyone against the last accepted root.
/// @dev Leaves are `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))`, as
/// the OpenZeppelin merkle-tree package's StandardMerkleTree builds for `["address", "uint256"]`.
interface IAttributionRewards {
    /// @notice How a payment is split, in basis points summing to 10,000.
    struct Shares {
        uint16 protocolBps; // to the protocol treasury; at most MAX_PROTOCOL_BPS
        uint16 agentOwnerBps; // to the agent's owner; to the model owner when no agent is used
        uint16 modelOwnerBps; // to the model's owner
        uint16 dataPoolBps; // to the data pool of the model's lineage (to the model owner if the lineage is empty)
    }

    /// @notice A posted root of cumulative entitlements.
    struct Epoch {
        bytes32 root;
        uint256 totalAllocated; // sum of all cumulative entitlements in the tree
        bytes32 dataHash; // hash of the published data behind the root, so anyone can recompute it
        uint64 postedAt;
        uint64 claimableAt; // postedAt + the challenge window in force when posted
        bool revoked;
        string dataURI; // where that data is published
    }

    /// @notice One claim of a batch.
    struct Claim {
        address account;
        uint256 cumulativeAmount;
        bytes32[] proof;
    }

    /// @notice What one payment sent to each party (the receipt the attribution engine reads).
    struct Split {
        uint256 protocolAmount;
        uint256 agentOwnerAmount;
        uint256 modelOwnerAmount;
        uint256 dataPoolAmount;
    }

    /// @notice An address argument that must be set was zero.
    error ZeroAddress();
    /// @notice OPEN would be sent or credited to this contract itself, which can never withdraw it.
    error InvalidRecipient(address recipient);
    /// @notice The inference id was zero.
    error ZeroInferenceId();
    /// @notice The inference id has been paid for already.
    error InferenceAlreadyPaid(bytes32 inferenceId);
    /// @notice The model is unknown (reverts from the registry) or inactive.
    error ModelInactive(uint256 modelId);
    /// @notice The agent is inactive.
    error AgentInactive(uint256 agentId);
    /// @notice The agent does not list the model.
    error AgentDoesNotUseModel(uint256 agentId, uint256 modelId);
    /// @notice The price is above what the payer agreed to pay.
    error PriceAboveMaximum(uint256 price, uint256 maxPrice);
    /// @notice The price is zero: there is nothing to pay or split.
    error ZeroPrice(uint256 modelId, uint256 agentId);
    /// @notice A permit did not grant this contract enough allowance.
    error PermitFailed(address owner, uint256 allowance, uint256 required);
    /// @notice Shares do not sum to 10,000 basis points.
    error SharesNot10000(uint256 sum);
    /// @notice The protocol share is above its cap.
    error ProtocolShareAboveCap(uint16 protocolBps, uint16 cap);
    /// @notice The data pool share is below its floor.
    error DataPoolShareBelowFloor(uint16 dataPoolBps, uint16 floor);
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
    /// @notice The proof does not show `(account, cumulativeAmount)` in the accepted root.
    error InvalidProof(address account, uint256 cumulativeAmount);
    /// @notice The account has already claimed this cumulative amount (or more).
    error NothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);
    /// @notice Paying the claim would take more than the accepted root allocates in total.
    error ClaimExceedsAllocation(uint256 wouldBeClaimed, uint256 totalAllocated);
    /// @notice A batch was empty or longer than MAX_BATCH_CLAIMS.
    error BadBatchLength(uint256 length, uint256 max);
    /// @notice The account has nothing accrued to withdraw.
    error NothingToWithdraw(address account);

    /// @notice An inference was paid for: the receipt the attribution engine reads.
    event InferencePaid(
        bytes32 indexed inferenceId,
        address indexed payer,
        uint256 indexed modelId,
        uint256 agentId,
        address modelOwner,
        address agentOwner,
        uint256 price,
        Split split
    );
    /// @notice Accrued OPEN was withdrawn.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
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
    /// @notice A contributor was paid against the accepted root.
    event Claimed(uint256 indexed epoch, address indexed account, uint256 amount, uint256 cumulativeClaimed);
    /// @notice The shares changed.
    event SharesSet(Shares shares);
    /// @notice The protocol treasury changed.
    event ProtocolTreasurySet(address indexed treasury);
    /// @notice The challenge window changed (applies to roots posted afterwards).
    event ChallengeWindowSet(uint64 window);

    /// @notice Pays for one inference of `modelId`, through `agentId` unless it is 0, pulling the price with
    /// transferFrom. Reverts if the price is above `maxPrice`.
    function payInference(bytes32 inferenceId, uint256 modelId, uint256 agentId, uint256 maxPrice) external;

    /// @notice As `payInference`, first applying an EIP-2612 permit for the payer.
    function payInferenceWithPermit(
        bytes32 inferenceId,
        uint256 modelId,
        uint256 agentId,
        uint256 maxPrice,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external;

    /// @notice Sends everything the caller has accrued to `to`.
    function withdraw(address to) external returns (uint256 amount);

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

    /// @notice Pays `account` the difference between `cumulativeAmount` and what it has claimed.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256 paid);

    /// @notice Claims for up to MAX_BATCH_CLAIMS accounts; reverts as a whole if any claim is invalid.
    function claimMany(Claim[] calldata claims) external returns (uint256 paid);

    /// @notice Sets the shares within the caps. Only DEFAULT_ADMIN_ROLE.
    function setShares(Shares calldata shares) external;

    /// @notice Sets the protocol treasury. Only DEFAULT_ADMIN_ROLE.
    function setProtocolTreasury(address treasury) external;

    /// @notice Sets the challenge window for roots posted from now on. Only DEFAULT_ADMIN_ROLE.
    function setChallengeWindow(uint64 window) external;

    /// @notice Stops payments and claims. Only GUARDIAN_ROLE.
    function pause() external;

    /// @notice Resumes payments and claims. Only GUARDIAN_ROLE.
    function unpause() external;

    /// @notice The price of one inference of `modelId` through `agentId` (0 for none), and how it would split.
    function quote(uint256 modelId, uint256 agentId) external view returns (uint256 price, Split memory split);

    /// @notice The shares in force.
    function shares() external view returns (Shares memory);

    /// @notice OPEN accrued to `account` and not yet withdrawn.
    function accrued(address account) external view returns (uint256);

    /// @notice The sum of all accrued, unwithdrawn balances.
    function totalAccrued() external view returns (uint256);

    /// @notice OPEN ever paid into data pools.
    function totalDataPoolFunded() external view returns (uint256);

    /// @notice OPEN ever paid into the data pool of one datanet version. A payment's data-pool amount is split
    /// across the model's lineage: entry i > 0 gets `amount * weightBps_i / 10_000`, entry 0 the rest (the dust).
    function poolFunded(uint256 datanetId, uint32 version) external view returns (uint256);

    /// @notice OPEN ever claimed by contributors.
    function totalClaimed() external view returns (uint256);

    /// @notice What the contract owes: totalAccrued + totalDataPoolFunded - totalClaimed. Its balance equals this.
    function totalOwed() external view returns (uint256);

    /// @notice What `account` has claimed in total.
    function claimed(address account) external view returns (uint256);

    /// @notice Whether the inference id has been paid for.
    function isInferencePaid(bytes32 inferenceId) external view returns (bool);

    /// @notice The number of roots ever posted (the last epoch number).
    function epochCount() external view returns (uint256);

    /// @notice A posted root by epoch number.
    function getEpoch(uint256 epoch) external view returns (Epoch memory);

    /// @notice The epoch claims use now (a pending root past its window counts), or 0 if none.
    function acceptedEpoch() external view returns (uint256);

    /// @notice The epoch waiting out its challenge window, or 0 if none.
    function pendingEpoch() external view returns (uint256);

    /// @notice The protocol treasury.
    function protocolTreasury() external view returns (address);

    /// @notice The challenge window for newly posted roots, in seconds.
    function challengeWindow() external view returns (uint64);

    /// @notice The role allowed to post roots.
    function ATTRIBUTOR_ROLE() external view returns (bytes32);

    /// @notice The role allowed to revoke pending roots and to pause.
    function GUARDIAN_ROLE() external view returns (bytes32);

    /// @notice The cap on the protocol share, in basis points.
    function MAX_PROTOCOL_BPS() external view returns (uint16);

    /// @notice The floor on the data pool share, in basis points.
    function MIN_DATA_POOL_BPS() external view returns (uint16);

    /// @notice The shortest challenge window the admin may set, in seconds.
    function MIN_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice The longest challenge window the admin may set, in seconds.
    function MAX_CHALLENGE_WINDOW() external view returns (uint64);

    /// @notice The most claims one `claimMany` takes.
    function MAX_BATCH_CLAIMS() external view returns (uint256);

    /// @notice The OPEN token payments and rewards are made in.
    function token() external view returns (address);

    /// @notice The ModelRegistry payments read models from.
    function modelRegistry() external view returns (address);

    /// @notice The AgentRegistry payments read agents from.
    function agentRegistry() external view returns (address);
}
