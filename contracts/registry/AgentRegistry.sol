// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {IAgentRegistry} from "../interfaces/IAgentRegistry.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {Paging} from "../libraries/Paging.sol";

/// @title AgentRegistry
/// @notice Agents as ERC-721 tokens ("OpenLedger Agent", OLAGENT): the active models each one uses, its fee per task
/// and its metadata URI, all changeable by the owner or an ERC-721 operator/approved address.
/// @dev Ids run 1..agentCount and no token is ever burned. Both directions of the agent-model relation are sets, so
/// `usesModel` is O(1) and `agentsUsingModel` stays exact when an agent changes its models.
contract AgentRegistry is IAgentRegistry, ERC721 {
    using EnumerableSet for EnumerableSet.UintSet;

    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAgentRegistry
    /// @dev Changing an agent's models rewrites each model's set of agents, so this bounds the gas of `setModels`.
    uint256 public constant MAX_MODELS = 8;

    /// @inheritdoc IAgentRegistry
    uint256 public constant MAX_PAGE = 500;

    IModelRegistry private immutable _MODELS;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    uint256 private _agentCount;
    /// @dev An agent as stored: `Agent`'s fields, with the owner (kept equal to the ERC-721 owner by `_update`) in
    /// the active flag's word, so a payment reads the two in one slot.
    struct StoredAgent {
        uint256 feePerTask;
        address owner;
        bool active;
        uint64 registeredAt;
        string metadataURI;
    }

    mapping(uint256 agentId => StoredAgent) private _agents;
    /// @dev In the order given at registration or at the last `setModels`.
    mapping(uint256 agentId => EnumerableSet.UintSet modelIds) private _modelsOf;
    mapping(uint256 modelId => EnumerableSet.UintSet agentIds) private _agentsUsing;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param models The ModelRegistry whose models agents use; not the zero address.
    constructor(IModelRegistry models) ERC721("OpenLedger Agent", "OLAGENT") {
        if (address(models) == address(0)) revert ZeroAddress();
        _MODELS = models;
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAgentRegistry
    function registerAgent(
        string calldata metadataURI,
        uint256[] calldata modelIds,
        uint256 feePerTask
    ) external returns (uint256 agentId) {
        agentId = ++_agentCount;
        _agents[agentId] = StoredAgent({
            feePerTask: feePerTask,
            owner: msg.sender,
            active: true,
            // A uint64 of seconds lasts for billions of years.
            registeredAt: uint64(block.timestamp),
            metadataURI: metadataURI
        });
        _addModels(agentId, modelIds);
        // `_mint`, not `_safeMint`: the caller chose to receive the token, and no callback runs mid-registration.
        _mint(msg.sender, agentId);
        emit AgentRegistered(agentId, msg.sender, feePerTask, modelIds, metadataURI);
    }

    /// @inheritdoc IAgentRegistry
    function setModels(uint256 agentId, uint256[] calldata modelIds) external {
        _authorizedAgent(agentId);
        EnumerableSet.UintSet storage current = _modelsOf[agentId];
        uint256 count = current.length();
        for (uint256 i; i < count; ++i) {
            _agentsUsing[current.at(i)].remove(agentId);
        }
        current.clear();
        _addModels(agentId, modelIds);
        emit ModelsSet(agentId, modelIds);
    }

    /// @inheritdoc IAgentRegistry
    function setFee(uint256 agentId, uint256 feePerTask) external {
        _authorizedAgent(agentId).feePerTask = feePerTask;
        emit FeeSet(agentId, feePerTask);
    }

    /// @inheritdoc IAgentRegistry
    function setActive(uint256 agentId, bool active) external {
        StoredAgent storage agent = _authorizedAgent(agentId);
        if (agent.active == active) revert ActiveUnchanged(agentId, active);
        agent.active = active;
        emit ActiveSet(agentId, active);
    }

    /// @inheritdoc IAgentRegistry
    function setMetadataURI(uint256 agentId, string calldata metadataURI) external {
        _authorizedAgent(agentId).metadataURI = metadataURI;
        emit MetadataURISet(agentId, metadataURI);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IAgentRegistry
    function modelRegistry() external view returns (address) {
        return address(_MODELS);
    }

    /// @inheritdoc IAgentRegistry
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }

    /// @inheritdoc IAgentRegistry
    function getAgent(uint256 agentId) external view returns (Agent memory) {
        StoredAgent storage agent = _agent(agentId);
        return
            Agent({
                feePerTask: agent.feePerTask,
                active: agent.active,
                registeredAt: agent.registeredAt,
                metadataURI: agent.metadataURI
            });
    }

    /// @inheritdoc IAgentRegistry
    function modelsOf(uint256 agentId) external view returns (uint256[] memory) {
        _agent(agentId);
        return _modelsOf[agentId].values();
    }

    /// @inheritdoc IAgentRegistry
    function usesModel(uint256 agentId, uint256 modelId) external view returns (bool) {
        return _modelsOf[agentId].contains(modelId);
    }

    /// @inheritdoc IAgentRegistry
    /// @dev A registered agent always has an owner (no token is burned), so the agent's word, read anyway, says
    /// whether the id is known: the count is not read.
    function paymentInfo(uint256 agentId, uint256 modelId) external view returns (address, uint256, bool, bool) {
        StoredAgent storage agent = _agents[agentId];
        (address owner, bool active) = (agent.owner, agent.active);
        if (owner == address(0)) revert UnknownAgent(agentId);
        return (owner, agent.feePerTask, active, _modelsOf[agentId].contains(modelId));
    }

    /// @inheritdoc IAgentRegistry
    function agentsUsingModel(uint256 modelId, uint256 offset, uint256 limit) external view returns (uint256[] memory) {
        return Paging.page(_agentsUsing[modelId], offset, limit, MAX_PAGE);
    }

    /// @inheritdoc IAgentRegistry
    function agentsUsingModelCount(uint256 modelId) external view returns (uint256) {
        return _agentsUsing[modelId].length();
    }

    /// @notice The agent's metadata URI. Reverts with ERC721NonexistentToken for an unknown id.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return _agents[tokenId].metadataURI;
    }

    /// @notice ERC-165: ERC-721, its metadata extension, and IAgentRegistry.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IAgentRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Checks the list (1..MAX_MODELS ids, each active, no repeats) while adding it to the agent's (empty)
    /// set and the agent to each model's set. `isActive` is a view on the immutable ModelRegistry (a staticcall),
    /// so it cannot re-enter; any failure reverts the whole call.
    function _addModels(uint256 agentId, uint256[] calldata modelIds) private {
        uint256 length = modelIds.length;
        if (length == 0) revert NoModels();
        if (length > MAX_MODELS) revert TooManyModels(length, MAX_MODELS);
        EnumerableSet.UintSet storage models = _modelsOf[agentId];
        for (uint256 i; i < length; ++i) {
            uint256 modelId = modelIds[i];
            if (!_MODELS.isActive(modelId)) revert ModelNotActive(modelId);
            if (!models.add(modelId)) revert DuplicateModel(modelId);
            _agentsUsing[modelId].add(agentId);
        }
    }

    /// @dev ERC-721's, keeping the owner a payment reads in the agent's word: a transfer writes that word too.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        _agents[tokenId].owner = to;
    }

    /// @dev The caller's agent, for an update: it must exist, and the caller must own it or be approved for it.
    function _authorizedAgent(uint256 agentId) private view returns (StoredAgent storage agent) {
        agent = _agent(agentId);
        if (!_isAuthorized(_ownerOf(agentId), msg.sender, agentId)) {
            revert NotAgentOwnerOrOperator(agentId, msg.sender);
        }
    }

    /// @dev The stored agent; reverts with UnknownAgent for 0 or an id above the count.
    function _agent(uint256 agentId) private view returns (StoredAgent storage) {
        if (agentId == 0 || agentId > _agentCount) revert UnknownAgent(agentId);
        return _agents[agentId];
    }
}
