// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title ModelRegistryMock
/// @notice Test double of the ModelRegistry: the two reads AttributionRewards makes, with setters for each field.
/// @dev Unknown ids revert with the real registry's `UnknownModel`.
contract ModelRegistryMock {
    struct MockModel {
        address owner;
        uint256 feePerInference;
        bool active;
        bool exists;
    }

    mapping(uint256 modelId => MockModel) private _models;
    mapping(uint256 modelId => IModelRegistry.LineageEntry[]) private _lineages;

    modifier known(uint256 modelId) {
        if (!_models[modelId].exists) revert IModelRegistry.UnknownModel(modelId);
        _;
    }

    /// @notice Creates or overwrites a model (its lineage is kept).
    function setModel(uint256 modelId, address owner, uint256 feePerInference, bool active) external {
        _models[modelId] = MockModel(owner, feePerInference, active, true);
    }

    /// @notice Stands for an ERC-721 transfer of the model.
    function setOwner(uint256 modelId, address owner) external known(modelId) {
        _models[modelId].owner = owner;
    }

    function setFee(uint256 modelId, uint256 feePerInference) external known(modelId) {
        _models[modelId].feePerInference = feePerInference;
    }

    function setActive(uint256 modelId, bool active) external known(modelId) {
        _models[modelId].active = active;
    }

    /// @notice Replaces the lineage; unlike the real registry, the weights are not checked.
    function setLineage(uint256 modelId, IModelRegistry.LineageEntry[] calldata lineage) external known(modelId) {
        delete _lineages[modelId];
        for (uint256 i; i < lineage.length; ++i) {
            _lineages[modelId].push(lineage[i]);
        }
    }

    function paymentInfo(
        uint256 modelId
    ) external view known(modelId) returns (address owner, uint256 feePerInference, bool active) {
        MockModel storage model = _models[modelId];
        return (model.owner, model.feePerInference, model.active);
    }

    function lineageOf(uint256 modelId) external view known(modelId) returns (IModelRegistry.LineageEntry[] memory) {
        return _lineages[modelId];
    }
}
