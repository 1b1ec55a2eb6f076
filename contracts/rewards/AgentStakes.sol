// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IAgentStakes} from "../interfaces/IAgentStakes.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {OwedLedger} from "../libraries/OwedLedger.sol";
import {PaymentKeys} from "../libraries/PaymentKeys.sol";
import {StakeLedger} from "../libraries/StakeLedger.sol";
import {BondedCases} from "./BondedCases.sol";

/// @title AgentStakes
/// @notice Agents' stakes, the minimum AttributionRewards requires to pay through an agent, and payers' bonded
/// complaints against agents, resolved by governance (IAgentStakes).
/// @dev Stakes are keyed by agent id, so they follow the agent's token; the registry's current owner is asked on
/// every stake change. Nobody profits from their own decision: the resolver (the timelock) gets nothing, a
/// dismissed complaint's bond goes to the protocol treasury (which only a further vote can spend), never to the agent.
contract AgentStakes is IAgentStakes, BondedCases {
    using SafeERC20 for IERC20;
    using StakeLedger for StakeLedger.Stake;
    using OwedLedger for OwedLedger.Ledger;

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAgentStakes
    /// @dev A week: an unstake request is public (an event), and payers get this long to complain before it leaves.
    uint64 public constant COMPLAINT_NOTICE = 7 days;

    /// @inheritdoc IAgentStakes
    /// @dev A million OPEN: a vote may make agents put real skin in the game, never price small agents out entirely.
    uint256 public constant MAX_MIN_AGENT_STAKE = 1_000_000 ether;

    /// @inheritdoc IAgentStakes
    /// @dev One OPEN: a complaint always costs something, so holding an agent's stake is never free.
    uint256 public constant MIN_COMPLAINT_BOND = 1 ether;
    /// @inheritdoc IAgentStakes
    /// @dev A hundred thousand OPEN: a vote cannot price payers out of complaining.
    uint256 public constant MAX_COMPLAINT_BOND = 100_000 ether;
    /// @inheritdoc IAgentStakes
    /// @dev A hundred OPEN: affordable for a payer with a real grievance, costly for one filing them by the dozen.
    uint256 public constant DEFAULT_COMPLAINT_BOND = 100 ether;

    /// @inheritdoc IAgentStakes
    /// @dev One percent: an upheld complaint always costs the agent something.
    uint16 public constant MIN_COMPLAINT_SLASH_BPS = 100;
    /// @inheritdoc IAgentStakes
    /// @dev Half: one complaint is about one inference, so it never takes the whole stake.
    uint16 public constant MAX_COMPLAINT_SLASH_BPS = 5_000;
    /// @inheritdoc IAgentStakes
    /// @dev A tenth: enough to pay the complainant well; ten upheld complaints take two thirds of the stake.
    uint16 public constant DEFAULT_COMPLAINT_SLASH_BPS = 1_000;
    /// @inheritdoc IAgentStakes
    /// @dev Half, as a root challenger's: enough to pay a payer for a real grievance, while an owner that complains
    /// about its own agent through another account (to take the slash back, ahead of its agent's other complainants)
    /// still loses the other half to the treasury.
    uint16 public constant COMPLAINANT_REWARD_BPS = 5_000;

    IAgentRegistry private immutable _AGENTS;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    mapping(uint256 agentId => StakeLedger.Stake) private _stakes;
    uint256 private _totalStaked;
    mapping(uint256 complaintId => Complaint) private _complaints; // from 1
    uint256 private _complaintCount;
    /// @dev Keyed by the paid inference (PaymentKeys, as AttributionRewards keys the price): one complaint per payment.
    mapping(bytes32 paymentKey => uint256 complaintId) private _complaintOf;
    mapping(uint256 agentId => uint256) private _openComplaintsAgainst;

    uint256 private _minStake;
    uint256 private _complaintBond;
    uint16 private _slashBps;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param token_ The OPEN token.
    /// @param rewards_ The AttributionRewards whose payments make payers (it must name this contract to check stakes).
    /// @param admin Holds DEFAULT_ADMIN_ROLE: sets the minimum stake, bond, resolution period and slash.
    /// @param resolver Holds RESOLVER_ROLE: upholds or dismisses complaints.
    /// @dev The minimum starts at zero: agents need not stake until governance asks them to.
    constructor(
        IERC20 token_,
        IAttributionRewards rewards_,
        address admin,
        address resolver
    ) BondedCases(token_, rewards_, admin, resolver) {
        _AGENTS = IAgentRegistry(rewards_.agentRegistry());
        _setComplaintBond(DEFAULT_COMPLAINT_BOND);
        _setSlashBps(DEFAULT_COMPLAINT_SLASH_BPS);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAgentStakes
    function stake(uint256 agentId, uint256 amount) external nonReentrant {
        _checkOwner(agentId);
        uint256 active = _stakes[agentId].lock(amount);
        _totalStaked += amount;
        emit AgentStaked(agentId, msg.sender, amount, active);
        _pull(msg.sender, amount);
    }

    /// @inheritdoc IAgentStakes
    function requestUnstake(uint256 agentId, uint256 amount) external {
        _checkOwner(agentId);
        StakeLedger.Stake storage s = _stakes[agentId];
        uint64 unlockAt = s.request(amount, _unstakeDelay());
        emit AgentUnstakeRequested(agentId, amount, s.unstaking, unlockAt);
    }

    /// @inheritdoc IAgentStakes
    function completeUnstake(uint256 agentId) external nonReentrant returns (uint256 amount) {
        _checkOwner(agentId);
        StakeLedger.Stake storage s = _stakes[agentId];
        if (s.unstaking == 0) revert NoAgentUnstakeRequested(agentId);
        if (block.timestamp < s.unlockAt) revert AgentUnstakeLocked(agentId, s.unlockAt);
        uint256 open = _openComplaintsAgainst[agentId];
        if (open != 0) revert AgentStakeInUse(agentId, open);
        amount = s.release();
        // unchecked: `amount` is part of the stakes `_totalStaked` sums.
        unchecked {
            _totalStaked -= amount;
        }
        emit AgentUnstaked(agentId, msg.sender, amount);
        _TOKEN.safeTransfer(msg.sender, amount);
    }

    /// @inheritdoc IAgentStakes
    function complain(
        uint256 agentId,
        uint256 modelId,
        bytes32 inferenceId,
        uint256 bond,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) external nonReentrant returns (uint256 complaintId) {
        _checkFiling(bond, _complaintBond, evidenceHash, evidenceURI);
        _checkKnown(agentId);
        if (!_REWARDS.isInferencePaid(msg.sender, modelId, agentId, inferenceId)) {
            revert NotPayer(msg.sender, agentId, modelId, inferenceId);
        }
        bytes32 key = PaymentKeys.keyOf(msg.sender, modelId, agentId, inferenceId);
        uint256 filed = _complaintOf[key];
        if (filed != 0) revert ComplaintAlreadyFiled(filed);

        complaintId = ++_complaintCount;
        _complaintOf[key] = complaintId;
        ++_openComplaintsAgainst[agentId];
        _totalBonded += bond;
        // uint64 seconds last for billions of years: neither the cast nor the sum can overflow before then.
        uint64 deadline = uint64(block.timestamp) + _resolutionPeriod;
        // The cast cannot truncate: bond fits 96 bits, checked above.
        _complaints[complaintId] = Complaint({
            evidenceHash: evidenceHash,
            inferenceId: inferenceId,
            complainant: msg.sender,
            bond: uint96(bond),
            agentId: agentId,
            modelId: modelId,
            deadline: deadline,
            status: ComplaintStatus.Open,
            evidenceURI: evidenceURI
        });
        emit ComplaintFiled(
            complaintId,
            agentId,
            msg.sender,
            modelId,
            inferenceId,
            bond,
            evidenceHash,
            evidenceURI,
            deadline
        );
        _pull(msg.sender, bond);
    }

    /// @inheritdoc IAgentStakes
    function resolveComplaint(uint256 complaintId, bool upheld) external nonReentrant onlyRole(RESOLVER_ROLE) {
        Complaint storage c = _openComplaint(complaintId);
        if (block.timestamp >= c.deadline) revert ComplaintResolutionOver(complaintId, c.deadline);
        uint256 agentId = c.agentId;
        if (!upheld) {
            _close(c, ComplaintStatus.Dismissed);
            address treasury = _REWARDS.protocolTreasury();
            _owed.credit(treasury, c.bond);
            emit ComplaintDismissed(complaintId, agentId, treasury, c.bond);
            return;
        }
        _close(c, ComplaintStatus.Upheld);
        uint256 slashed = _stakes[agentId].slash(_slashBps);
        // unchecked: `slashed` is at most this agent's stake, part of what `_totalStaked` sums.
        unchecked {
            _totalStaked -= slashed;
        }
        emit AgentStakeSlashed(agentId, complaintId, slashed);
        (uint256 reward, address treasury, uint256 forfeited) = _creditUpheld(
            c.complainant,
            c.bond,
            slashed,
            COMPLAINANT_REWARD_BPS
        );
        emit ComplaintUpheld(complaintId, agentId, c.bond, reward, treasury, forfeited);
    }

    /// @inheritdoc IAgentStakes
    function expireComplaint(uint256 complaintId) external nonReentrant {
        Complaint storage c = _openComplaint(complaintId);
        if (block.timestamp < c.deadline) revert ComplaintNotExpired(complaintId, c.deadline);
        _close(c, ComplaintStatus.Expired);
        _owed.credit(c.complainant, c.bond);
        emit ComplaintExpired(complaintId, c.agentId, c.bond);
    }

    /// @inheritdoc IAgentStakes
    function setMinStake(uint256 minStake_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (minStake_ > MAX_MIN_AGENT_STAKE) revert AgentMinStakeAboveCap(minStake_, MAX_MIN_AGENT_STAKE);
        _minStake = minStake_;
        emit AgentMinStakeSet(minStake_);
    }

    /// @inheritdoc IAgentStakes
    function setComplaintBond(uint256 bond) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setComplaintBond(bond);
    }

    /// @inheritdoc IAgentStakes
    function setSlashBps(uint16 slashBps_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setSlashBps(slashBps_);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAgentStakes
    /// @dev With no minimum (the default) it reads one slot and returns: payments through agents stay cheap.
    function checkStake(uint256 agentId) external view {
        uint256 minimum = _minStake;
        if (minimum == 0) return;
        uint256 active = _stakes[agentId].active;
        if (active < minimum) revert AgentStakeBelowMinimum(agentId, active, minimum);
    }

    /// @inheritdoc IAgentStakes
    function stakeOf(uint256 agentId) external view returns (StakeLedger.Stake memory) {
        return _stakes[agentId];
    }

    /// @inheritdoc IAgentStakes
    function totalStaked() external view returns (uint256) {
        return _totalStaked;
    }

    /// @inheritdoc IAgentStakes
    function getComplaint(uint256 complaintId) external view returns (Complaint memory) {
        return _complaints[complaintId];
    }

    /// @inheritdoc IAgentStakes
    function complaintCount() external view returns (uint256) {
        return _complaintCount;
    }

    /// @inheritdoc IAgentStakes
    function complaintOf(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) external view returns (uint256) {
        return _complaintOf[PaymentKeys.keyOf(payer, modelId, agentId, inferenceId)];
    }

    /// @inheritdoc IAgentStakes
    function openComplaintsAgainst(uint256 agentId) external view returns (uint256) {
        return _openComplaintsAgainst[agentId];
    }

    /// @inheritdoc IAgentStakes
    function minStake() external view returns (uint256) {
        return _minStake;
    }

    /// @inheritdoc IAgentStakes
    function complaintBond() external view returns (uint256) {
        return _complaintBond;
    }

    /// @inheritdoc IAgentStakes
    function slashBps() external view returns (uint16) {
        return _slashBps;
    }

    /// @inheritdoc IAgentStakes
    function unstakeDelay() external view returns (uint64) {
        return _unstakeDelay();
    }

    /// @inheritdoc IAgentStakes
    function agents() external view returns (address) {
        return address(_AGENTS);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Longer than a complaint filed the moment before the request can stay open, plus a notice for payers.
    function _unstakeDelay() private view returns (uint64) {
        return _resolutionPeriod + COMPLAINT_NOTICE;
    }

    /// @dev Reverts unless the sender owns the agent now: the stake is the agent's, whoever holds its token.
    function _checkOwner(uint256 agentId) private view {
        _checkKnown(agentId);
        if (IERC721(address(_AGENTS)).ownerOf(agentId) != msg.sender) revert NotAgentOwner(agentId, msg.sender);
    }

    function _checkKnown(uint256 agentId) private view {
        if (agentId == 0 || agentId > _AGENTS.agentCount()) revert UnknownAgent(agentId);
    }

    function _openComplaint(uint256 complaintId) private view returns (Complaint storage c) {
        c = _complaints[complaintId];
        if (c.status != ComplaintStatus.Open) revert ComplaintNotOpen(complaintId, c.status);
    }

    /// @dev The bookkeeping every closing shares: the agent no longer has this complaint open, and the bond is no
    /// longer locked (the caller credits it to someone instead).
    function _close(Complaint storage c, ComplaintStatus status) private {
        c.status = status;
        --_openComplaintsAgainst[c.agentId];
        _totalBonded -= c.bond;
    }

    function _setComplaintBond(uint256 bond) private {
        if (bond < MIN_COMPLAINT_BOND || bond > MAX_COMPLAINT_BOND) {
            revert ComplaintBondOutOfBounds(bond, MIN_COMPLAINT_BOND, MAX_COMPLAINT_BOND);
        }
        _complaintBond = bond;
        emit ComplaintBondSet(bond);
    }

    function _setSlashBps(uint16 slashBps_) private {
        if (slashBps_ < MIN_COMPLAINT_SLASH_BPS || slashBps_ > MAX_COMPLAINT_SLASH_BPS) {
            revert SlashBpsOutOfBounds(slashBps_, MIN_COMPLAINT_SLASH_BPS, MAX_COMPLAINT_SLASH_BPS);
        }
        _slashBps = slashBps_;
        emit ComplaintSlashBpsSet(slashBps_);
    }
}
