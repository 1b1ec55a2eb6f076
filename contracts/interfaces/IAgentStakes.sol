// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {StakeLedger} from "../libraries/StakeLedger.sol";
import {IBondedCases} from "./IBondedCases.sol";

/// @title IAgentStakes
/// @notice Agents' stakes and payers' complaints. An agent's owner locks OPEN for the agent; AttributionRewards
/// refuses payments through an agent whose active stake is below `minStake` (zero by default). The stake belongs to
/// the agent, not to an address: if the agent's token is transferred, the stake goes with it, and only the agent's
/// owner at the time may request it back or take it. Taking it back waits `unstakeDelay` (a resolution period plus
/// COMPLAINT_NOTICE) and is refused while a complaint against the agent is open.
/// A payer of the agent (an account for which AttributionRewards.isInferencePaid holds) may file one complaint per
/// paid inference, locking a bond and naming the evidence (a URI and its hash). Governance (RESOLVER_ROLE, the
/// timelock) resolves it before its deadline: upheld, the complainant is owed the bond back plus slashBps of the
/// agent's stake (active and unstaking); dismissed, the bond goes to the protocol treasury. A complaint nobody
/// resolved in time expires (anyone may call `expireComplaint`): nobody ruled against the complainant, so the bond
/// comes back, and nobody ruled against the agent, so its stake is untouched. Everything owed is withdrawn (pull).
/// @dev Invariant: `token.balanceOf(this) >= totalStaked + totalBonded + totalOwed`, with equality unless OPEN was
/// sent here directly.
interface IAgentStakes is IBondedCases {
    /// @notice Where a complaint stands.
    enum ComplaintStatus {
        None,
        Open,
        Upheld,
        Dismissed,
        Expired
    }

    /// @notice A complaint against an agent about one paid inference.
    struct Complaint {
        bytes32 evidenceHash; // hash of the evidence, e.g. keccak256 of the output and what was promised
        bytes32 inferenceId; // the paid inference complained about
        address complainant; // the payer of that inference
        uint96 bond; // OPEN's whole supply fits 96 bits
        uint256 agentId;
        uint256 modelId;
        uint64 deadline; // resolution is possible before it, expiry from it
        ComplaintStatus status;
        string evidenceURI; // where the evidence is published
    }

    /// @notice The caller is not the current owner of the agent.
    error NotAgentOwner(uint256 agentId, address caller);
    /// @notice The agent's active stake is below the minimum: it cannot be paid through.
    error AgentStakeBelowMinimum(uint256 agentId, uint256 active, uint256 minimum);
    /// @notice The agent has no unstake request.
    error NoAgentUnstakeRequested(uint256 agentId);
    /// @notice The agent's unstake request is still waiting out its delay.
    error AgentUnstakeLocked(uint256 agentId, uint64 unlockAt);
    /// @notice A complaint against the agent is open: its stake may still be slashed.
    error AgentStakeInUse(uint256 agentId, uint256 openComplaints);
    /// @notice The caller did not pay this inference through this agent and model.
    error NotPayer(address caller, uint256 agentId, uint256 modelId, bytes32 inferenceId);
    /// @notice This paid inference was already complained about (complaint `complaintId`).
    error ComplaintAlreadyFiled(uint256 complaintId);
    /// @notice The complaint is not open (unknown, or already resolved or expired).
    error ComplaintNotOpen(uint256 complaintId, ComplaintStatus status);
    /// @notice The complaint's resolution period is over: it can only expire.
    error ComplaintResolutionOver(uint256 complaintId, uint64 deadline);
    /// @notice The complaint can still be resolved: it expires only from its deadline.
    error ComplaintNotExpired(uint256 complaintId, uint64 deadline);
    /// @notice The minimum agent stake is above MAX_MIN_AGENT_STAKE.
    error AgentMinStakeAboveCap(uint256 minStake, uint256 cap);
    /// @notice The complaint bond is outside [MIN_COMPLAINT_BOND, MAX_COMPLAINT_BOND].
    error ComplaintBondOutOfBounds(uint256 bond, uint256 min, uint256 max);

    /// @notice `owner` locked `amount` for `agentId`; `active` is the agent's active stake after.
    event AgentStaked(uint256 indexed agentId, address indexed owner, uint256 amount, uint256 active);
    /// @notice Part of the agent's stake was requested back; it may be taken from `unlockAt`.
    event AgentUnstakeRequested(uint256 indexed agentId, uint256 amount, uint256 unstaking, uint64 unlockAt);
    /// @notice A request completed: `amount` went to `owner`, the agent's owner at the time.
    event AgentUnstaked(uint256 indexed agentId, address indexed owner, uint256 amount);
    /// @notice An upheld complaint took `amount` from the agent's stake (active first, then unstaking).
    event AgentStakeSlashed(uint256 indexed agentId, uint256 indexed complaintId, uint256 amount);
    /// @notice `complainant` complained about inference `inferenceId` of `agentId` with `bond`; governance may
    /// resolve it until `deadline`.
    event ComplaintFiled(
        uint256 indexed complaintId,
        uint256 indexed agentId,
        address indexed complainant,
        uint256 modelId,
        bytes32 inferenceId,
        uint256 bond,
        bytes32 evidenceHash,
        string evidenceURI,
        uint64 deadline
    );
    /// @notice The complaint was upheld: the complainant is owed `bond + reward` and `treasury` the rest of the slash
    /// (`forfeited`), both slashed from the agent's stake.
    event ComplaintUpheld(
        uint256 indexed complaintId,
        uint256 indexed agentId,
        uint256 bond,
        uint256 reward,
        address treasury,
        uint256 forfeited
    );
    /// @notice The complaint was dismissed: the bond is owed to `treasury`.
    event ComplaintDismissed(uint256 indexed complaintId, uint256 indexed agentId, address treasury, uint256 bond);
    /// @notice Nobody resolved the complaint in time: the bond is owed back to the complainant.
    event ComplaintExpired(uint256 indexed complaintId, uint256 indexed agentId, uint256 bond);
    /// @notice The minimum active stake an agent needs to be paid through changed.
    event AgentMinStakeSet(uint256 minStake);
    /// @notice The bond a complaint must lock changed.
    event ComplaintBondSet(uint256 bond);
    /// @notice The share of the agent's stake an upheld complaint slashes changed.
    event ComplaintSlashBpsSet(uint16 slashBps);

    /// @notice Locks `amount` OPEN (approved beforehand) for `agentId`. Only the agent's owner.
    function stake(uint256 agentId, uint256 amount) external;

    /// @notice Asks for `amount` of the agent's active stake back; it stays slashable until taken. A new request adds
    /// to the one waiting and restarts its delay. Only the agent's owner.
    function requestUnstake(uint256 agentId, uint256 amount) external;

    /// @notice Sends the whole requested amount to the agent's owner (the caller) once its delay has passed, unless a
    /// complaint against the agent is open. Only the agent's owner.
    /// @return amount The OPEN sent.
    function completeUnstake(uint256 agentId) external returns (uint256 amount);

    /// @notice Complains about inference `inferenceId` the sender paid for `modelId` through `agentId`, locking
    /// `bond` OPEN (approved beforehand; at least `complaintBond`). Once per paid inference.
    /// @return complaintId The new complaint's id (from 1).
    function complain(
        uint256 agentId,
        uint256 modelId,
        bytes32 inferenceId,
        uint256 bond,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) external returns (uint256 complaintId);

    /// @notice Upholds (slashing the agent) or dismisses an open complaint before its deadline. Only RESOLVER_ROLE.
    function resolveComplaint(uint256 complaintId, bool upheld) external;

    /// @notice Closes an open complaint whose deadline has passed: the bond is owed back to the complainant. Anyone.
    function expireComplaint(uint256 complaintId) external;

    /// @notice Sets the minimum active stake to be paid through (at most MAX_MIN_AGENT_STAKE). Only DEFAULT_ADMIN_ROLE.
    function setMinStake(uint256 minStake_) external;

    /// @notice Sets the bond a complaint must lock. Only DEFAULT_ADMIN_ROLE.
    function setComplaintBond(uint256 bond) external;

    /// @notice Sets the share of the agent's stake an upheld complaint slashes. Only DEFAULT_ADMIN_ROLE.
    function setSlashBps(uint16 slashBps_) external;

    /// @notice Reverts with AgentStakeBelowMinimum unless the agent's active stake is at least the minimum. Read by
    /// AttributionRewards on every payment through an agent.
    function checkStake(uint256 agentId) external view;

    /// @notice An agent's stake.
    function stakeOf(uint256 agentId) external view returns (StakeLedger.Stake memory);

    /// @notice Every agent stake, active and unstaking, summed.
    function totalStaked() external view returns (uint256);

    /// @notice A complaint by id; an unknown id reads as an empty Complaint.
    function getComplaint(uint256 complaintId) external view returns (Complaint memory);

    /// @notice The number of complaints ever filed (the last id).
    function complaintCount() external view returns (uint256);

    /// @notice The complaint filed about a paid inference, or 0 if none.
    function complaintOf(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) external view returns (uint256);

    /// @notice The number of open complaints against `agentId`.
    function openComplaintsAgainst(uint256 agentId) external view returns (uint256);

    /// @notice The minimum active stake an agent needs to be paid through, in wei of OPEN.
    function minStake() external view returns (uint256);

    /// @notice The bond a complaint must lock, in wei of OPEN.
    function complaintBond() external view returns (uint256);

    /// @notice The share of the agent's stake (active and unstaking) an upheld complaint slashes, in bps.
    function slashBps() external view returns (uint16);

    /// @notice How long an unstake request waits from now: the resolution period plus COMPLAINT_NOTICE.
    function unstakeDelay() external view returns (uint64);

    /// @notice The AgentRegistry whose agents stake.
    function agents() external view returns (address);

    /// @notice How long payers have, after an unstake request, to file a complaint before the stake can leave.
    function COMPLAINT_NOTICE() external view returns (uint64);

    /// @notice The largest minimum agent stake governance may set, in wei of OPEN.
    function MAX_MIN_AGENT_STAKE() external view returns (uint256);

    /// @notice The smallest complaint bond governance may set, in wei of OPEN.
    function MIN_COMPLAINT_BOND() external view returns (uint256);

    /// @notice The largest complaint bond governance may set, in wei of OPEN.
    function MAX_COMPLAINT_BOND() external view returns (uint256);

    /// @notice The complaint bond at deployment, in wei of OPEN.
    function DEFAULT_COMPLAINT_BOND() external view returns (uint256);

    /// @notice The smallest slash governance may set, in bps.
    function MIN_COMPLAINT_SLASH_BPS() external view returns (uint16);

    /// @notice The largest slash governance may set, in bps.
    function MAX_COMPLAINT_SLASH_BPS() external view returns (uint16);

    /// @notice The slash at deployment, in bps.
    function DEFAULT_COMPLAINT_SLASH_BPS() external view returns (uint16);

    /// @notice The part of a slash (in basis points) that goes to the complainant who proved it; the rest goes to the
    /// protocol treasury.
    function COMPLAINANT_REWARD_BPS() external view returns (uint16);
}
