// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "../interfaces/ISharedErrors.sol";

/// @title AgentRegistryMock
/// @notice Test double of the AgentRegistry: the one read AttributionRewards makes, with setters for each field.
/// @dev Unknown ids revert with the real registry's `UnknownAgent`.
contract AgentRegistryMock {
    struct MockAgent {
        address owner;
        uint256 feePerTask;
        bool active;
        bool exists;
    }

    mapping(uint256 agentId => MockAgent) private _agents;
    mapping(uint256 agentId => mapping(uint256 modelId => bool)) private _usesModel;
    uint256 private _agentCount;

    modifier known(uint256 agentId) {
        if (!_agents[agentId].exists) revert ISharedErrors.UnknownAgent(agentId);
        _;
    }

    /// @notice Creates or overwrites an agent (its models are kept).
    function setAgent(uint256 agentId, address owner, uint256 feePerTask, bool active) external {
        _agents[agentId] = MockAgent(owner, feePerTask, active, true);
        if (agentId > _agentCount) _agentCount = agentId;
    }

    /// @notice Stands for an ERC-721 transfer of the agent.
    function setOwner(uint256 agentId, address owner) external known(agentId) {
        _agents[agentId].owner = owner;
    }

    function setFee(uint256 agentId, uint256 feePerTask) external known(agentId) {
        _agents[agentId].feePerTask = feePerTask;
    }

    function setActive(uint256 agentId, bool active) external known(agentId) {
        _agents[agentId].active = active;
    }

    function setUsesModel(uint256 agentId, uint256 modelId, bool uses) external known(agentId) {
        _usesModel[agentId][modelId] = uses;
    }

    function paymentInfo(
        uint256 agentId,
        uint256 modelId
    ) external view known(agentId) returns (address owner, uint256 feePerTask, bool active, bool usesModel_) {
        MockAgent storage agent = _agents[agentId];
        return (agent.owner, agent.feePerTask, agent.active, _usesModel[agentId][modelId]);
    }

    /// @notice The highest id set, as the registry counts its agents (ids 1..agentCount).
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }

    /// @notice The agent's owner, as ERC-721 reports it.
    function ownerOf(uint256 agentId) external view known(agentId) returns (address) {
        return _agents[agentId].owner;
    }
}
