// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IAgentRegistry
/// @notice Agents as ERC-721 tokens, in the spirit of ERC-8004's identity registry: which models an agent uses, who
/// owns it, and its OPEN fee per task. The owner (or an approved operator) changes models, fee and URI, and can
/// deactivate it.
/// @dev Token ids start at 1.
interface IAgentRegistry is ISharedErrors {
    /// @notice An agent's record. The owner is the ERC-721 owner; its models are read with `modelsOf`.
    struct Agent {
        uint256 feePerTask; // OPEN (wei) added to the model's fee when paying through this agent
        bool active;
        uint64 registeredAt;
        string metadataURI; // what it does, its endpoint
    }

    /// @notice An agent must use at least one model.
    error NoModels();
    /// @notice More models than MAX_MODELS.
    error TooManyModels(uint256 length, uint256 max);
    /// @notice A model appears twice in the list.
    error DuplicateModel(uint256 modelId);
    /// @notice The caller is neither the owner nor an approved operator of the agent.
    error NotAgentOwnerOrOperator(uint256 agentId, address caller);

    /// @notice An agent was registered.
    event AgentRegistered(
        uint256 indexed agentId,
        address indexed owner,
        uint256 feePerTask,
        uint256[] modelIds,
        string metadataURI
    );
    /// @notice The agent's models were replaced.
    event ModelsSet(uint256 indexed agentId, uint256[] modelIds);
    /// @notice The fee per task changed.
    event FeeSet(uint256 indexed agentId, uint256 feePerTask);
    /// @notice The agent was activated or deactivated.
    event ActiveSet(uint256 indexed agentId, bool active);
    /// @notice The metadata URI changed.
    event MetadataURISet(uint256 indexed agentId, string metadataURI);

    /// @notice Registers an agent on one or more active models and mints its token to the caller.
    function registerAgent(
        string calldata metadataURI,
        uint256[] calldata modelIds,
        uint256 feePerTask
    ) external returns (uint256 agentId);

    /// @notice Replaces the models the agent uses (each active, no repeats). Owner or operator.
    function setModels(uint256 agentId, uint256[] calldata modelIds) external;

    /// @notice Sets the fee per task. Owner or operator.
    function setFee(uint256 agentId, uint256 feePerTask) external;

    /// @notice Activates or deactivates the agent. Owner or operator.
    function setActive(uint256 agentId, bool active) external;

    /// @notice Replaces the metadata URI. Owner or operator.
    function setMetadataURI(uint256 agentId, string calldata metadataURI) external;

    /// @notice The most models one agent may use.
    function MAX_MODELS() external view returns (uint256);

    /// @notice The most entries one paged read returns.
    function MAX_PAGE() external view returns (uint256);

    /// @notice The ModelRegistry the agents' models live in.
    function modelRegistry() external view returns (address);

    /// @notice The number of agents registered (ids 1..agentCount).
    function agentCount() external view returns (uint256);

    /// @notice An agent's record. Reverts for an unknown id.
    function getAgent(uint256 agentId) external view returns (Agent memory);

    /// @notice The models an agent uses. Reverts for an unknown id.
    function modelsOf(uint256 agentId) external view returns (uint256[] memory);

    /// @notice Whether the agent currently lists the model.
    function usesModel(uint256 agentId, uint256 modelId) external view returns (bool);

    /// @notice What paying through the agent needs in one read. Reverts for an unknown id.
    function paymentInfo(
        uint256 agentId,
        uint256 modelId
    ) external view returns (address owner, uint256 feePerTask, bool active, bool usesModel_);

    /// @notice Ids of the agents that currently use the model, paged.
    function agentsUsingModel(uint256 modelId, uint256 offset, uint256 limit) external view returns (uint256[] memory);

    /// @notice The number of agents that currently use the model.
    function agentsUsingModelCount(uint256 modelId) external view returns (uint256);
}
