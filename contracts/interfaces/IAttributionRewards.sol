// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IEpochRoots} from "./IEpochRoots.sol";
import {IPermitPull} from "./IPermitPull.sol";
import {IVoucherCredit} from "./IVoucherCredit.sol";

/// @title IAttributionRewards
/// @notice Where money moves. A paid inference is split by shares between the protocol treasury, the agent owner,
/// the model owner and the data pool of the model's lineage. Parties withdraw what they accrued (pull). Data
/// contributors are paid per epoch from a Merkle root of cumulative entitlements `(account, total ever earned)`
/// posted by an attributor; after a challenge window (during which a guardian may revoke it) anyone may claim for
/// anyone against the last accepted root. The roots themselves are IEpochRoots, which this interface extends; paying
/// by signed vouchers from deposited credit is IVoucherCredit.
/// @dev Leaves are `keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))))`, as
/// the OpenZeppelin merkle-tree package's StandardMerkleTree builds for `["address", "uint256"]`.
/// An inference id is bound to its payer, model and agent: a payment is keyed by
/// `keccak256(abi.encode(payer, modelId, agentId, inferenceId))`, so nobody can block a payer by paying its id first.
interface IAttributionRewards is IEpochRoots, IPermitPull, IVoucherCredit {
    /// @notice How a payment is split, in basis points summing to 10,000.
    struct Shares {
        uint16 protocolBps; // to the protocol treasury; at most MAX_PROTOCOL_BPS
        uint16 agentOwnerBps; // to the agent's owner; to the model owner when no agent is used
        uint16 modelOwnerBps; // to the model's owner
        uint16 dataPoolBps; // to the data pool of the model's lineage (to the model owner if the lineage is empty)
    }

    /// @notice One claim of a batch.
    struct Claim {
        address account;
        uint256 cumulativeAmount;
        bytes32[] proof;
    }

    /// @notice What one payment sent to each party (the receipt the attribution engine reads). For an adapter whose
    /// base takes a royalty, `baseOwnerAmount` is royaltyBps of the model-owner amount and `baseDataPoolAmount`
    /// royaltyBps of the data pool (split across the base's lineage); both are zero for a base model.
    struct Split {
        uint256 protocolAmount;
        uint256 agentOwnerAmount;
        uint256 modelOwnerAmount; // to the model's (the adapter's) owner, after the base's royalty
        uint256 dataPoolAmount; // to the model's own lineage, after the base's royalty
        uint256 baseOwnerAmount; // to the base model's owner
        uint256 baseDataPoolAmount; // to the base model's lineage
    }

    /// @notice The inference id was zero.
    error ZeroInferenceId();
    /// @notice This payer has already paid this inference id for this model and agent.
    error InferenceAlreadyPaid(address payer, uint256 modelId, uint256 agentId, bytes32 inferenceId);
    /// @notice The contract holds nothing above what it owes: there is nothing to sweep.
    error NothingToSweep(uint256 balance, uint256 owed);
    /// @notice The agent is inactive.
    error AgentNotActive(uint256 agentId);
    /// @notice The agent does not list the model.
    error AgentDoesNotUseModel(uint256 agentId, uint256 modelId);
    /// @notice The price is above what the payer agreed to pay.
    error PriceAboveMaximum(uint256 price, uint256 maxPrice);
    /// @notice The price is zero: there is nothing to pay or split.
    error ZeroPrice(uint256 modelId, uint256 agentId);
    /// @notice Shares do not sum to 10,000 basis points.
    error SharesNot10000(uint256 sum);
    /// @notice The protocol share is above its cap.
    error ProtocolShareAboveCap(uint16 protocolBps, uint16 cap);
    /// @notice The data pool share is below its floor.
    error DataPoolShareBelowFloor(uint16 dataPoolBps, uint16 floor);
    /// @notice The proof does not show `(account, cumulativeAmount)` in the accepted root.
    error InvalidProof(address account, uint256 cumulativeAmount);
    /// @notice The account has already claimed this cumulative amount (or more).
    error NothingToClaim(address account, uint256 cumulativeAmount, uint256 alreadyClaimed);
    /// @notice Paying the claim would take more than the accepted root allocates in total.
    error ClaimExceedsAllocation(uint256 wouldBeClaimed, uint256 totalAllocated);

    /// @notice An inference was paid for: the receipt the attribution engine reads, keyed by (payer, model, agent,
    /// inference id). `baseOwner` is the base model's owner when the split pays a royalty, else zero.
    event InferencePaid(
        bytes32 indexed inferenceId,
        address indexed payer,
        uint256 indexed modelId,
        uint256 agentId,
        address modelOwner,
        address agentOwner,
        address baseOwner,
        uint256 price,
        Split split
    );
    /// @notice A claim of a batch was skipped: the account had already claimed that cumulative amount.
    event ClaimSkipped(uint256 indexed epoch, address indexed account, uint256 cumulativeAmount);
    /// @notice OPEN held above what the contract owes (sent to it by mistake) was swept to the treasury.
    event Swept(address indexed treasury, uint256 amount);
    /// @notice Accrued OPEN was withdrawn.
    event Withdrawn(address indexed account, address indexed to, uint256 amount);
    /// @notice A contributor was paid against the accepted root.
    event Claimed(uint256 indexed epoch, address indexed account, uint256 amount, uint256 cumulativeClaimed);
    /// @notice The shares changed.
    event SharesSet(Shares shares);
    /// @notice The protocol treasury changed.
    event ProtocolTreasurySet(address indexed treasury);
    /// @notice The AgentStakes contract payments through an agent consult changed (zero: none).
    event AgentStakesSet(address indexed agentStakes);

    /// @notice Pays for one inference of `modelId`, through `agentId` unless it is 0, pulling the price with
    /// transferFrom. Reverts if the price is above `maxPrice`.
    function payInference(bytes32 inferenceId, uint256 modelId, uint256 agentId, uint256 maxPrice) external;

    /// @notice As `payInference`, first applying the payer's EIP-2612 permit (signed for at least the price, e.g.
    /// for `maxPrice`: the payer need not know the exact price when signing).
    function payInferenceWithPermit(
        bytes32 inferenceId,
        uint256 modelId,
        uint256 agentId,
        uint256 maxPrice,
        Permit calldata permit
    ) external;

    /// @notice Sends everything the caller has accrued to `to`.
    function withdraw(address to) external returns (uint256 amount);

    /// @notice Pays `account` the difference between `cumulativeAmount` and what it has claimed.
    function claim(address account, uint256 cumulativeAmount, bytes32[] calldata proof) external returns (uint256 paid);

    /// @notice Claims for up to MAX_BATCH_CLAIMS accounts. An entry already paid (its account has claimed that
    /// cumulative amount) is skipped with ClaimSkipped, so a front-run claim or a duplicate cannot sink the batch;
    /// a malformed entry (a bad proof) still reverts the whole batch.
    /// @return paid The OPEN paid in total. @return skipped The number of entries skipped.
    function claimMany(Claim[] calldata claims) external returns (uint256 paid, uint256 skipped);

    /// @notice Sends the OPEN held above totalOwed (sent here by mistake) to the protocol treasury; never a wei of
    /// what is owed. Only DEFAULT_ADMIN_ROLE.
    function sweep() external returns (uint256 amount);

    /// @notice Sets the shares within the caps. Only DEFAULT_ADMIN_ROLE.
    function setShares(Shares calldata shares) external;

    /// @notice Sets the protocol treasury. Only DEFAULT_ADMIN_ROLE.
    function setProtocolTreasury(address treasury) external;

    /// @notice Sets the AgentStakes contract whose minimum agent stake payments through an agent must meet; zero
    /// turns the check off. Only DEFAULT_ADMIN_ROLE.
    function setAgentStakes(address agentStakes_) external;

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

    /// @notice What the contract owes: totalAccrued + totalDataPoolFunded - totalClaimed + totalCredit. Its balance
    /// equals this.
    function totalOwed() external view returns (uint256);

    /// @notice What `account` has claimed in total.
    function claimed(address account) external view returns (uint256);

    /// @notice Whether `payer` has paid `inferenceId` for `modelId` through `agentId` (0 for none).
    function isInferencePaid(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) external view returns (bool);

    /// @notice What `payer` paid for `inferenceId` of `modelId` through `agentId` (0 for none), or 0 if it did not
    /// pay it: the weight of the payer's feedback in the FeedbackRegistry.
    function paidPrice(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) external view returns (uint256);

    /// @notice The protocol treasury.
    function protocolTreasury() external view returns (address);

    /// @notice The cap on the protocol share, in basis points.
    function MAX_PROTOCOL_BPS() external view returns (uint16);

    /// @notice The floor on the data pool share, in basis points.
    function MIN_DATA_POOL_BPS() external view returns (uint16);

    /// @notice The most claims one `claimMany` takes.
    function MAX_BATCH_CLAIMS() external view returns (uint256);

    /// @notice The AgentStakes contract payments through an agent consult, or zero when agents need no stake.
    function agentStakes() external view returns (address);

    /// @notice The OPEN token payments and rewards are made in.
    function token() external view returns (address);

    /// @notice The ModelRegistry payments read models from.
    function modelRegistry() external view returns (address);

    /// @notice The AgentRegistry payments read agents from.
    function agentRegistry() external view returns (address);

    /// @notice The block this contract was deployed in: where a reader of its events starts.
    function deploymentBlock() external view returns (uint256);
}
