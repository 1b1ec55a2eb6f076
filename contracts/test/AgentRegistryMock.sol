// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "../interfaces/ISharedErrors.sol";
import {ListingMock} from "./ListingMock.sol";

/// @title AgentRegistryMock
/// @notice Test double of the AgentRegistry: the one read AttributionRewards makes, with setters for each field.
/// @dev Unknown ids revert with the real registry's `UnknownAgent`.
contract AgentRegistryMock is ListingMock {
    mapping(uint256 agentId => mapping(uint256 modelId => bool)) private _usesModel;
    uint256 private _agentCount;

    /// @notice Creates or overwrites an agent (its models are kept).
    function setAgent(uint256 agentId, address owner, uint256 feePerTask, bool active) external {
        _list(agentId, owner, feePerTask, active);
        if (agentId > _agentCount) _agentCount = agentId;
    }

    function setUsesModel(uint256 agentId, uint256 modelId, bool uses) external known(agentId) {
        _usesModel[agentId][modelId] = uses;
    }

    function paymentInfo(
        uint256 agentId,
        uint256 modelId
    ) external view known(agentId) returns (address owner, uint256 feePerTask, bool active, bool usesModel_) {
        Listing storage agent = _listing(agentId);
        return (agent.owner, agent.fee, agent.active, _usesModel[agentId][modelId]);
    }

    /// @notice The highest id set, as the registry counts its agents (ids 1..agentCount).
    function agentCount() external view returns (uint256) {
        return _agentCount;
    }

    /// @notice The agent's owner, as ERC-721 reports it.
    function ownerOf(uint256 agentId) external view known(agentId) returns (address) {
        return _listing(agentId).owner;
    }

    function _revertUnknown(uint256 agentId) internal pure override {
        revert ISharedErrors.UnknownAgent(agentId);
    }
}
