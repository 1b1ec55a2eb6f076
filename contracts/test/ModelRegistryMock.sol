// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";

/// @title ModelRegistryMock
/// @notice Test double of the ModelRegistry: the reads AttributionRewards makes, with setters for each field.
/// @dev Unknown ids revert with the real registry's `UnknownModel`.
contract ModelRegistryMock {
    struct MockModel {
        address owner;
        uint256 feePerInference;
        bool active;
        bool exists;
        uint256 baseModelId;
        uint16 royaltyBps; // as a base: what its adapters pay it
    }

    mapping(uint256 modelId => MockModel) private _models;
    mapping(uint256 modelId => IModelRegistry.LineageEntry[]) private _lineages;

    modifier known(uint256 modelId) {
        if (!_models[modelId].exists) revert IModelRegistry.UnknownModel(modelId);
        _;
    }

    /// @notice Creates or overwrites a model (its lineage is kept).
    function setModel(uint256 modelId, address owner, uint256 feePerInference, bool active) external {
        _models[modelId] = MockModel(owner, feePerInference, active, true, 0, 0);
    }

    /// @notice Stands for an ERC-721 transfer of the model.
    function setOwner(uint256 modelId, address owner) external known(modelId) {
        _models[modelId].owner = owner;
    }

    /// @notice Makes the model an adapter on `baseModelId` (0: a base again); unlike the real registry, unchecked.
    function setBase(uint256 modelId, uint256 baseModelId) external known(modelId) {
        _models[modelId].baseModelId = baseModelId;
    }

    /// @notice Sets the royalty a base asks of its adapters; unlike the real registry, not capped.
    function setRoyalty(uint256 baseModelId, uint16 royaltyBps) external known(baseModelId) {
        _models[baseModelId].royaltyBps = royaltyBps;
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

    function royaltyInfo(
        uint256 modelId
    ) external view known(modelId) returns (uint256 baseModelId, address baseOwner, uint16 royaltyBps) {
        baseModelId = _models[modelId].baseModelId;
        if (baseModelId == 0) return (0, address(0), 0);
        MockModel storage base = _models[baseModelId];
        return (baseModelId, base.owner, base.royaltyBps);
    }

    /// @notice The real registry's single payment read, built from the same fields as the three reads above.
    function paymentTerms(
        uint256 modelId
    ) external view known(modelId) returns (IModelRegistry.PaymentTerms memory terms) {
        MockModel storage model = _models[modelId];
        (terms.owner, terms.feePerInference, terms.active) = (model.owner, model.feePerInference, model.active);
        terms.lineage = _lineages[modelId];
        uint256 baseModelId = model.baseModelId;
        if (baseModelId == 0 || _models[baseModelId].royaltyBps == 0) return terms;
        MockModel storage base = _models[baseModelId];
        (terms.baseModelId, terms.baseOwner, terms.royaltyBps) = (baseModelId, base.owner, base.royaltyBps);
        terms.baseLineage = _lineages[baseModelId];
    }

    function lineageOf(uint256 modelId) external view known(modelId) returns (IModelRegistry.LineageEntry[] memory) {
        return _lineages[modelId];
    }
}
