// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IAgentStakes} from "../interfaces/IAgentStakes.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {IVoucherCredit} from "../interfaces/IVoucherCredit.sol";
import {PaymentKeys} from "../libraries/PaymentKeys.sol";
import {PermitPull} from "../libraries/PermitPull.sol";
import {EpochRoots} from "./EpochRoots.sol";
import {VoucherCredit} from "./VoucherCredit.sol";

/// @title AttributionRewards
/// @notice Splits each paid inference between the protocol treasury, the agent owner, the model owner and the data
/// pool of the model's lineage. Owners withdraw what they accrued; data contributors claim against Merkle roots of
/// cumulative entitlements once a root has outlived its challenge window (roots are kept by `EpochRoots`).
/// Payers may also deposit credit and pay by signed vouchers in batches (`VoucherCredit`).
/// @dev Invariant: `token.balanceOf(this) >= totalAccrued + totalDataPoolFunded - totalClaimed + totalCredit ==
/// totalOwed()`, with
/// equality unless OPEN was sent here by mistake (which `sweep` returns to the treasury). Every pull checks that the
/// exact amount arrived, so a fee-on-transfer token cannot make the contract owe more than it holds.
/// Claims can never take more than the data pools received: a root allocates at most what was funded, and claims
/// stop at the accepted root's total. A payment's gas depends on the lineage length (bounded by the registry's
/// MAX_LINEAGE), never on the number of contributors.
contract AttributionRewards is IAttributionRewards, EpochRoots, Pausable, ReentrancyGuardTransient, VoucherCredit {
    using SafeERC20 for IERC20;

    /// @dev What one payment reads from the registries and how it splits; shared by `quote` and the payment.
    struct Payment {
        uint256 price;
        address modelOwner;
        address agentOwner; // zero when no agent is used
        address baseOwner; // zero unless the model is an adapter whose base takes a royalty
        Split split;
        IModelRegistry.LineageEntry[] lineage;
        IModelRegistry.LineageEntry[] baseLineage; // empty unless the base takes a royalty
    }

    /// @dev The accepted root a claim is checked against, and whether an entry already paid is skipped (in a batch).
    struct ClaimContext {
        uint256 epoch;
        bytes32 root;
        uint256 totalAllocated;
        bool skipPaid;
    }

    /// @dev The last quote a batch read, reused while consecutive vouchers name the same model and agent.
    struct CachedQuote {
        bool set;
        bool quotable; // false when a single payment of this model and agent would revert
        uint256 modelId;
        uint256 agentId;
        Payment payment;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAttributionRewards
    /// @dev 10%: the protocol never takes more than a tenth of a payment, whatever the admin sets.
    uint16 public constant MAX_PROTOCOL_BPS = 1_000;
    /// @inheritdoc IAttributionRewards
    /// @dev 20%: the data contributors always receive at least a fifth of a payment, whatever the admin sets.
    uint16 public constant MIN_DATA_POOL_BPS = 2_000;
    /// @inheritdoc IAttributionRewards
    /// @dev Keeps a full batch (200 proofs of ~17 hashes for 100k leaves) far below the block gas limit.
    uint256 public constant MAX_BATCH_CLAIMS = 200;

    uint16 private constant _BPS = 10_000;
    // Default shares: 5% protocol, 15% agent owner, 30% model owner, 50% data pool.
    uint16 private constant _DEFAULT_PROTOCOL_BPS = 500;
    uint16 private constant _DEFAULT_AGENT_OWNER_BPS = 1_500;
    uint16 private constant _DEFAULT_MODEL_OWNER_BPS = 3_000;
    uint16 private constant _DEFAULT_DATA_POOL_BPS = 5_000;

    IERC20 private immutable _TOKEN;
    IModelRegistry private immutable _MODELS;
    IAgentRegistry private immutable _AGENTS;
    uint256 private immutable _DEPLOYMENT_BLOCK;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    /// @dev What every payment reads of its own configuration, in one slot: whether payments are paused, the
    /// shares and the treasury. (Pausable's own flag is not used: `paused`, `_pause` and `_unpause` use this one.)
    struct Config {
        uint16 protocolBps;
        uint16 agentOwnerBps;
        uint16 modelOwnerBps;
        uint16 dataPoolBps;
        address protocolTreasury;
        bool paused;
    }

    Config private _config;
    /// @dev Read only by payments through an agent.
    IAgentStakes private _agentStakes;

    /// @dev The price paid, keyed by the paid inference (`PaymentKeys.keyOf`): an inference id is the payer's own.
    /// A price is never zero (`ZeroPrice`), so zero means unpaid; one slot either way, as a bool would take.
    mapping(bytes32 paymentKey => uint256 price) private _paidPrice;
    mapping(address account => uint256) private _accrued;
    /// @dev The two totals every payment adds to, packed in one word that a payment reads and writes once: what the
    /// parties may withdraw (`_accrued` summed) in the low 128 bits, every data pool's funding ever (roots allocate at
    /// most this) in the high 128. OPEN's whole supply is about 2^90 wei; the packing is checked all the same.
    uint256 private _totals;
    mapping(uint256 datanetId => mapping(uint32 version => uint256)) private _poolFunded;

    mapping(address account => uint256) private _claimed;
    uint256 private _totalClaimed;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token.
    /// @param models The ModelRegistry payments read owners, fees and lineages from.
    /// @param agents The AgentRegistry payments read agent owners and fees from.
    /// @param admin Holds DEFAULT_ADMIN_ROLE: sets shares, treasury and challenge window, and grants roles.
    /// @param protocolTreasury_ Accrues the protocol share.
    /// @param attributor Holds ATTRIBUTOR_ROLE: posts roots.
    /// @param guardian Holds GUARDIAN_ROLE: revokes pending roots, pauses and unpauses.
    constructor(
        IERC20 token_,
        IModelRegistry models,
        IAgentRegistry agents,
        address admin,
        address protocolTreasury_,
        address attributor,
        address guardian
    ) EpochRoots(attributor, guardian) VoucherCredit("AttributionRewards") {
        if (
            address(token_) == address(0) ||
            address(models) == address(0) ||
            address(agents) == address(0) ||
            admin == address(0)
        ) revert ZeroAddress();
        _TOKEN = token_;
        _MODELS = models;
        _AGENTS = agents;
        _DEPLOYMENT_BLOCK = block.number;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setShares(
            Shares({
                protocolBps: _DEFAULT_PROTOCOL_BPS,
                agentOwnerBps: _DEFAULT_AGENT_OWNER_BPS,
                modelOwnerBps: _DEFAULT_MODEL_OWNER_BPS,
                dataPoolBps: _DEFAULT_DATA_POOL_BPS
            })
        );
        _setProtocolTreasury(protocolTreasury_);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAttributionRewards
    function payInference(
        bytes32 inferenceId,
        uint256 modelId,
        uint256 agentId,
        uint256 maxPrice
    ) external nonReentrant whenNotPaused {
        uint256 price = _recordPayment(inferenceId, modelId, agentId, maxPrice);
        uint256 balanceBefore = _TOKEN.balanceOf(address(this));
        _TOKEN.safeTransferFrom(msg.sender, address(this), price);
        _checkReceived(balanceBefore, price);
    }

    /// @inheritdoc IAttributionRewards
    function payInferenceWithPermit(
        bytes32 inferenceId,
        uint256 modelId,
        uint256 agentId,
        uint256 maxPrice,
        Permit calldata permit
    ) external nonReentrant whenNotPaused {
        uint256 price = _recordPayment(inferenceId, modelId, agentId, maxPrice);
        uint256 balanceBefore = _TOKEN.balanceOf(address(this));
        PermitPull.pullWithPermit(_TOKEN, msg.sender, price, permit);
        _checkReceived(balanceBefore, price);
    }

    /// @inheritdoc IVoucherCredit
    function depositCredit(uint256 amount) external nonReentrant whenNotPaused {
        _addCredit(msg.sender, amount);
        uint256 balanceBefore = _TOKEN.balanceOf(address(this));
        _TOKEN.safeTransferFrom(msg.sender, address(this), amount);
        _checkReceived(balanceBefore, amount);
    }

    /// @inheritdoc IVoucherCredit
    function depositCreditWithPermit(uint256 amount, Permit calldata permit) external nonReentrant whenNotPaused {
        _addCredit(msg.sender, amount);
        uint256 balanceBefore = _TOKEN.balanceOf(address(this));
        PermitPull.pullWithPermit(_TOKEN, msg.sender, amount, permit);
        _checkReceived(balanceBefore, amount);
    }

    /// @inheritdoc IVoucherCredit
    /// @dev Not pausable, like `withdrawCredit`: a payer's credit is never trapped.
    function requestCreditWithdrawal(uint256 amount) external {
        _requestWithdrawal(msg.sender, amount);
    }

    /// @inheritdoc IVoucherCredit
    function withdrawCredit(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        if (to == address(this)) revert InvalidRecipient(to);
        amount = _takeWithdrawal(msg.sender, to);
        _TOKEN.safeTransfer(to, amount);
    }

    /// @inheritdoc IVoucherCredit
    /// @dev Each voucher is checked in order against the state the earlier ones left, so a batch books exactly what
    /// its valid vouchers paid one by one would. Consecutive vouchers of one model and agent share one quote.
    function payBatch(
        SignedVoucher[] calldata batch
    ) external nonReentrant whenNotPaused returns (uint256 paid, uint256 skipped) {
        uint256 length = batch.length;
        if (length == 0 || length > MAX_BATCH_VOUCHERS) revert BadBatchLength(length, MAX_BATCH_VOUCHERS);
        CachedQuote memory cached;
        for (uint256 i; i < length; ++i) {
            if (_payVoucher(batch[i], cached)) ++paid;
            else ++skipped;
        }
    }

    /// @inheritdoc IAttributionRewards
    /// @dev Not pausable: what a party accrued is never trapped.
    function withdraw(address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert ZeroAddress();
        // Sent to itself, the OPEN would stay here owed to nobody: stranded, and the balance above totalOwed.
        if (to == address(this)) revert InvalidRecipient(to);
        amount = _accrued[msg.sender];
        if (amount == 0) revert NothingToWithdraw(msg.sender);
        _accrued[msg.sender] = 0;
        // unchecked: `amount` is one of the balances the low half of `_totals` sums, so it borrows nothing from the
        // high half.
        unchecked {
            _totals -= amount;
        }
        emit Withdrawn(msg.sender, to, amount);
        _TOKEN.safeTransfer(to, amount);
    }

    /// @inheritdoc IAttributionRewards
    function claim(
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) external nonReentrant whenNotPaused returns (uint256 paid) {
        (uint256 epoch, bytes32 root, uint256 totalAllocated) = _claimableRoot();
        paid = _claim(ClaimContext(epoch, root, totalAllocated, false), account, cumulativeAmount, proof);
    }

    /// @inheritdoc IAttributionRewards
    /// @dev A paid claim always pays more than zero, so a zero from `_claim` means the entry was skipped.
    function claimMany(
        Claim[] calldata claims
    ) external nonReentrant whenNotPaused returns (uint256 paid, uint256 skipped) {
        uint256 length = claims.length;
        if (length == 0 || length > MAX_BATCH_CLAIMS) revert BadBatchLength(length, MAX_BATCH_CLAIMS);
        (uint256 epoch, bytes32 root, uint256 totalAllocated) = _claimableRoot();
        ClaimContext memory context = ClaimContext(epoch, root, totalAllocated, true);
        for (uint256 i; i < length; ++i) {
            Claim calldata c = claims[i];
            uint256 amount = _claim(context, c.account, c.cumulativeAmount, c.proof);
            if (amount == 0) ++skipped;
            else paid += amount;
        }
    }

    /// @inheritdoc IAttributionRewards
    /// @dev Not pausable, like `withdraw`; the balance above totalOwed is owed to nobody, so no party loses a wei.
    function sweep() external nonReentrant onlyRole(DEFAULT_ADMIN_ROLE) returns (uint256 amount) {
        uint256 balance = _TOKEN.balanceOf(address(this));
        uint256 owed = _totalOwed();
        if (balance <= owed) revert NothingToSweep(balance, owed);
        // unchecked: balance > owed, checked just above.
        unchecked {
            amount = balance - owed;
        }
        address treasury = _config.protocolTreasury;
        emit Swept(treasury, amount);
        _TOKEN.safeTransfer(treasury, amount);
    }

    /// @inheritdoc IAttributionRewards
    function setShares(Shares calldata shares_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setShares(shares_);
    }

    /// @inheritdoc IAttributionRewards
    function setProtocolTreasury(address treasury) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setProtocolTreasury(treasury);
    }

    /// @inheritdoc IAttributionRewards
    function setAgentStakes(address agentStakes_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _agentStakes = IAgentStakes(agentStakes_);
        emit AgentStakesSet(agentStakes_);
    }

    /// @inheritdoc IAttributionRewards
    function pause() external onlyRole(GUARDIAN_ROLE) {
        _pause();
    }

    /// @inheritdoc IAttributionRewards
    function unpause() external onlyRole(GUARDIAN_ROLE) {
        _unpause();
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAttributionRewards
    /// @dev Reverts as the payment would for an unknown or inactive model or agent, or a zero price.
    function quote(uint256 modelId, uint256 agentId) external view returns (uint256 price, Split memory split) {
        Payment memory payment = _quote(modelId, agentId);
        return (payment.price, payment.split);
    }

    /// @inheritdoc IAttributionRewards
    function shares() external view returns (Shares memory) {
        return _sharesOf(_config);
    }

    /// @inheritdoc IAttributionRewards
    function accrued(address account) external view returns (uint256) {
        return _accrued[account];
    }

    /// @inheritdoc IAttributionRewards
    function totalAccrued() external view returns (uint256) {
        return uint128(_totals);
    }

    /// @inheritdoc IAttributionRewards
    function totalDataPoolFunded() external view returns (uint256) {
        return _totals >> 128;
    }

    /// @inheritdoc IAttributionRewards
    function poolFunded(uint256 datanetId, uint32 version) external view returns (uint256) {
        return _poolFunded[datanetId][version];
    }

    /// @inheritdoc IAttributionRewards
    function totalClaimed() external view returns (uint256) {
        return _totalClaimed;
    }

    /// @inheritdoc IAttributionRewards
    function totalOwed() external view returns (uint256) {
        return _totalOwed();
    }

    /// @inheritdoc IAttributionRewards
    function claimed(address account) external view returns (uint256) {
        return _claimed[account];
    }

    /// @inheritdoc IAttributionRewards
    function isInferencePaid(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) external view returns (bool) {
        return _paidPrice[PaymentKeys.keyOf(payer, modelId, agentId, inferenceId)] != 0;
    }

    /// @inheritdoc IAttributionRewards
    function paidPrice(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) external view returns (uint256) {
        return _paidPrice[PaymentKeys.keyOf(payer, modelId, agentId, inferenceId)];
    }

    /// @inheritdoc IAttributionRewards
    function protocolTreasury() external view returns (address) {
        return _config.protocolTreasury;
    }

    /// @inheritdoc IAttributionRewards
    function agentStakes() external view returns (address) {
        return address(_agentStakes);
    }

    /// @notice Whether payments, deposits and claims are paused.
    function paused() public view override returns (bool) {
        return _config.paused;
    }

    /// @inheritdoc IAttributionRewards
    function token() external view returns (address) {
        return address(_TOKEN);
    }

    /// @inheritdoc IAttributionRewards
    function modelRegistry() external view returns (address) {
        return address(_MODELS);
    }

    /// @inheritdoc IAttributionRewards
    function agentRegistry() external view returns (address) {
        return address(_AGENTS);
    }

    /// @inheritdoc IAttributionRewards
    function deploymentBlock() external view returns (uint256) {
        return _DEPLOYMENT_BLOCK;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Checks a payment and books it (effects only); the caller then pulls the returned price.
    function _recordPayment(
        bytes32 inferenceId,
        uint256 modelId,
        uint256 agentId,
        uint256 maxPrice
    ) private returns (uint256) {
        if (inferenceId == bytes32(0)) revert ZeroInferenceId();
        bytes32 key = PaymentKeys.keyOf(msg.sender, modelId, agentId, inferenceId);
        if (_paidPrice[key] != 0) revert InferenceAlreadyPaid(msg.sender, modelId, agentId, inferenceId);
        Payment memory payment = _quote(modelId, agentId);
        if (payment.price > maxPrice) revert PriceAboveMaximum(payment.price, maxPrice);
        _book(key, inferenceId, msg.sender, modelId, agentId, payment);
        return payment.price;
    }

    /// @dev Pays a checked voucher from its payer's credit, or skips it with the reason; never reverts on its content.
    function _payVoucher(SignedVoucher calldata signed, CachedQuote memory cached) private returns (bool) {
        Voucher calldata voucher = signed.voucher;
        (bool valid, SkipReason reason) = _checkVoucher(voucher, signed.signature);
        bytes32 key = PaymentKeys.keyOf(voucher.payer, voucher.modelId, voucher.agentId, voucher.inferenceId);
        if (valid && _paidPrice[key] != 0) (valid, reason) = (false, SkipReason.AlreadyPaid);
        if (valid) (valid, reason) = _refreshQuote(cached, voucher.modelId, voucher.agentId);
        uint256 price = cached.payment.price;
        if (valid && price > voucher.maxPrice) (valid, reason) = (false, SkipReason.PriceAboveMaximum);
        if (valid && price > _voucherCredit(voucher.payer)) (valid, reason) = (false, SkipReason.InsufficientCredit);
        if (!valid) {
            emit VoucherSkipped(voucher.payer, voucher.nonce, voucher.inferenceId, reason);
            return false;
        }
        _useNonce(voucher.payer, voucher.nonce);
        _spendCredit(voucher.payer, price);
        _book(key, voucher.inferenceId, voucher.payer, voucher.modelId, voucher.agentId, cached.payment);
        return true;
    }

    /// @dev Quotes (model, agent) unless the cache holds it; a pair a single payment would refuse is NotPayable.
    function _refreshQuote(
        CachedQuote memory cached,
        uint256 modelId,
        uint256 agentId
    ) private view returns (bool quotable, SkipReason reason) {
        if (!cached.set || cached.modelId != modelId || cached.agentId != agentId) {
            cached.set = true;
            cached.modelId = modelId;
            cached.agentId = agentId;
            // `_quote` reverts on what a single payment refuses; trying it through `quote` turns that into a skip,
            // and the payment then reads the same registries again (warm) through the same code. A quote that ran
            // out of gas is a skip too: it moves nothing, and the vouchers can be submitted again.
            try this.quote(modelId, agentId) returns (uint256, Split memory) {
                cached.quotable = true;
                cached.payment = _quote(modelId, agentId);
            } catch {
                cached.quotable = false;
                cached.payment.price = 0;
            }
        }
        quotable = cached.quotable;
        if (!quotable) reason = SkipReason.NotPayable;
    }

    /// @dev Books a checked payment of `payer` (effects and receipt), whatever paid it: a transfer, or credit.
    function _book(
        bytes32 key,
        bytes32 inferenceId,
        address payer,
        uint256 modelId,
        uint256 agentId,
        Payment memory payment
    ) private {
        Split memory split = payment.split;
        _paidPrice[key] = payment.price;
        _accrued[_config.protocolTreasury] += split.protocolAmount;
        if (agentId != 0) _accrued[payment.agentOwner] += split.agentOwnerAmount;
        _accrued[payment.modelOwner] += split.modelOwnerAmount;
        if (payment.baseOwner != address(0)) _accrued[payment.baseOwner] += split.baseOwnerAmount;
        if (payment.lineage.length != 0) _fundPools(payment.lineage, split.dataPoolAmount);
        if (payment.baseLineage.length != 0) _fundPools(payment.baseLineage, split.baseDataPoolAmount);
        // A pool amount is zero without its lineage (`_split`, `_takeRoyalty`): the two sums are what was credited.
        uint256 credited =
            split.protocolAmount + split.agentOwnerAmount + split.modelOwnerAmount + split.baseOwnerAmount;
        uint256 funded = split.dataPoolAmount + split.baseDataPoolAmount;
        _totals = _addedTotals(_totals, credited, funded);

        emit InferencePaid(
            inferenceId,
            payer,
            modelId,
            agentId,
            payment.modelOwner,
            payment.agentOwner,
            payment.baseOwner,
            payment.price,
            split
        );
    }

    /// @dev Reads the model (and agent) at this moment, so a transferred model pays its new owner from then on.
    /// The registry answers in one call (`paymentTerms`): owner, fee, active flag, lineage, and the base's royalty.
    function _quote(uint256 modelId, uint256 agentId) private view returns (Payment memory payment) {
        IModelRegistry.PaymentTerms memory terms = _MODELS.paymentTerms(modelId);
        if (!terms.active) revert ModelNotActive(modelId);
        address modelOwner = terms.owner;
        // A model or agent transferred to this contract could never withdraw its share: refuse to strand it.
        if (modelOwner == address(this)) revert InvalidRecipient(modelOwner);
        payment.modelOwner = modelOwner;
        payment.price = terms.feePerInference;
        if (agentId != 0) {
            (address agentOwner, uint256 agentFee, bool agentActive, bool usesModel) = _AGENTS.paymentInfo(
                agentId,
                modelId
            );
            if (!agentActive) revert AgentNotActive(agentId);
            if (!usesModel) revert AgentDoesNotUseModel(agentId, modelId);
            if (agentOwner == address(this)) revert InvalidRecipient(agentOwner);
            // Reverts, naming the agent, its stake and the minimum, when the agent stakes less than governance asks.
            IAgentStakes stakes = _agentStakes;
            if (address(stakes) != address(0)) stakes.checkStake(agentId);
            payment.agentOwner = agentOwner;
            payment.price += agentFee;
        }
        if (payment.price == 0) revert ZeroPrice(modelId, agentId);
        payment.lineage = terms.lineage;
        payment.split = _split(payment.price, agentId != 0, payment.lineage.length != 0);
        if (terms.royaltyBps != 0) {
            address baseOwner = terms.baseOwner;
            if (baseOwner == address(this)) revert InvalidRecipient(baseOwner);
            payment.baseOwner = baseOwner;
            payment.baseLineage = terms.baseLineage;
            _takeRoyalty(payment.split, terms.royaltyBps, payment.baseLineage.length != 0);
        }
    }

    /// @dev The base's royalty: royaltyBps of the model-owner amount to the base's owner, and royaltyBps of the data
    /// pool to the base's lineage (none if the base cites no data). Floors to the base, dust to the adapter.
    function _takeRoyalty(Split memory split, uint16 royaltyBps, bool baseHasLineage) private pure {
        // Checked: the registry caps the royalty far below 10,000; a bad registry reverts instead of overpaying.
        split.baseOwnerAmount = (split.modelOwnerAmount * royaltyBps) / _BPS;
        split.modelOwnerAmount -= split.baseOwnerAmount;
        if (baseHasLineage) {
            split.baseDataPoolAmount = (split.dataPoolAmount * royaltyBps) / _BPS;
            split.dataPoolAmount -= split.baseDataPoolAmount;
        }
    }

    /// @dev Each share is floored, and the data pool takes the remainder, so the rounding dust goes to the
    /// contributors. Without an agent its share goes to the model owner; without a lineage, so does the data pool's.
    function _split(uint256 price, bool hasAgent, bool hasLineage) private view returns (Split memory split) {
        Config memory s = _config;
        split.protocolAmount = (price * s.protocolBps) / _BPS;
        uint256 agentAmount = (price * s.agentOwnerBps) / _BPS;
        uint256 modelAmount = (price * s.modelOwnerBps) / _BPS;
        uint256 dataAmount;
        // unchecked: the three floors sum to at most price * (10,000 - dataPoolBps) / 10,000 <= price.
        unchecked {
            dataAmount = price - split.protocolAmount - agentAmount - modelAmount;
        }
        if (hasAgent) split.agentOwnerAmount = agentAmount;
        else modelAmount += agentAmount;
        if (hasLineage) split.dataPoolAmount = dataAmount;
        else modelAmount += dataAmount;
        split.modelOwnerAmount = modelAmount;
    }

    /// @dev `totals` with `credited` added to the low half and `funded` to the high half, each checked to fit.
    function _addedTotals(uint256 totals, uint256 credited, uint256 funded) private pure returns (uint256) {
        uint256 low = SafeCast.toUint128(uint128(totals) + credited);
        uint256 high = SafeCast.toUint128((totals >> 128) + funded);
        return (high << 128) | low;
    }

    /// @dev Credits each lineage entry i > 0 with `amount * weightBps_i / 10,000` and entry 0 with the rest.
    function _fundPools(IModelRegistry.LineageEntry[] memory lineage, uint256 amount) private {
        uint256 rest = amount;
        for (uint256 i = 1; i < lineage.length; ++i) {
            uint256 part = (amount * lineage[i].weightBps) / _BPS;
            // Checked: the registry makes the weights sum to 10,000; a bad registry reverts here instead of
            // crediting more than was paid.
            rest -= part;
            _poolFunded[lineage[i].datanetId][lineage[i].version] += part;
        }
        _poolFunded[lineage[0].datanetId][lineage[0].version] += rest;
    }

    /// @dev Pays `account` up to `cumulativeAmount` against the accepted root (checks, effects, then transfer). An
    /// entry already paid reverts, or in a batch (`context.skipPaid`) is skipped and returns 0.
    function _claim(
        ClaimContext memory context,
        address account,
        uint256 cumulativeAmount,
        bytes32[] calldata proof
    ) private returns (uint256 amount) {
        // A leaf naming this contract would count as claimed yet leave the OPEN here, owed to nobody.
        if (account == address(this)) revert InvalidRecipient(account);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(account, cumulativeAmount))));
        if (!MerkleProof.verifyCalldata(proof, context.root, leaf)) revert InvalidProof(account, cumulativeAmount);
        uint256 alreadyClaimed = _claimed[account];
        if (cumulativeAmount <= alreadyClaimed) {
            if (!context.skipPaid) revert NothingToClaim(account, cumulativeAmount, alreadyClaimed);
            emit ClaimSkipped(context.epoch, account, cumulativeAmount);
            return 0;
        }
        // unchecked: cumulativeAmount > alreadyClaimed, checked just above.
        unchecked {
            amount = cumulativeAmount - alreadyClaimed;
        }
        uint256 wouldBeClaimed = _totalClaimed + amount;
        if (wouldBeClaimed > context.totalAllocated) {
            revert ClaimExceedsAllocation(wouldBeClaimed, context.totalAllocated);
        }
        _claimed[account] = cumulativeAmount;
        _totalClaimed = wouldBeClaimed;
        emit Claimed(context.epoch, account, amount, cumulativeAmount);
        _TOKEN.safeTransfer(account, amount);
    }

    /// @dev Reverts unless the balance grew by exactly `expected` since `balanceBefore` (no fee on transfer).
    function _checkReceived(uint256 balanceBefore, uint256 expected) private view {
        uint256 balanceAfter = _TOKEN.balanceOf(address(this));
        uint256 received = balanceAfter > balanceBefore ? balanceAfter - balanceBefore : 0;
        if (received != expected) revert UnexpectedAmountReceived(expected, received);
    }

    function _totalOwed() private view returns (uint256) {
        uint256 totals = _totals;
        return uint128(totals) + (totals >> 128) - _totalClaimed + _totalCreditOwed();
    }

    /// @dev Roots allocate at most what the data pools received.
    function _dataPoolFunded() internal view override returns (uint256) {
        return _totals >> 128;
    }

    function _setShares(Shares memory shares_) private {
        uint256 sum =
            uint256(shares_.protocolBps) + shares_.agentOwnerBps + shares_.modelOwnerBps + shares_.dataPoolBps;
        if (sum != _BPS) revert SharesNot10000(sum);
        if (shares_.protocolBps > MAX_PROTOCOL_BPS) revert ProtocolShareAboveCap(shares_.protocolBps, MAX_PROTOCOL_BPS);
        if (shares_.dataPoolBps < MIN_DATA_POOL_BPS) {
            revert DataPoolShareBelowFloor(shares_.dataPoolBps, MIN_DATA_POOL_BPS);
        }
        Config storage config = _config;
        (config.protocolBps, config.agentOwnerBps, config.modelOwnerBps, config.dataPoolBps) = (
            shares_.protocolBps,
            shares_.agentOwnerBps,
            shares_.modelOwnerBps,
            shares_.dataPoolBps
        );
        emit SharesSet(shares_);
    }

    function _sharesOf(Config memory config) private pure returns (Shares memory) {
        return Shares(config.protocolBps, config.agentOwnerBps, config.modelOwnerBps, config.dataPoolBps);
    }

    function _setProtocolTreasury(address treasury) private {
        if (treasury == address(0)) revert ZeroAddress();
        if (treasury == address(this)) revert InvalidRecipient(treasury);
        _config.protocolTreasury = treasury;
        emit ProtocolTreasurySet(treasury);
    }

    /// @dev Pausable's, with the flag in the configuration word every payment reads.
    function _pause() internal override whenNotPaused {
        _config.paused = true;
        emit Paused(_msgSender());
    }

    /// @dev Pausable's, with the flag in the configuration word.
    function _unpause() internal override whenPaused {
        _config.paused = false;
        emit Unpaused(_msgSender());
    }
}
