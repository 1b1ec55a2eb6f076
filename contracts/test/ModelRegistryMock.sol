// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {ListingMock} from "./ListingMock.sol";

/// @title ModelRegistryMock
/// @notice Test double of the ModelRegistry: the reads AttributionRewards makes, with setters for each field.
/// @dev Unknown ids revert with the real registry's `UnknownModel`.
contract ModelRegistryMock is ListingMock {
    struct MockBase {
        uint256 baseModelId;
        uint16 royaltyBps; // as a base: what its adapters pay it
    }

    mapping(uint256 modelId => MockBase) private _bases;
    mapping(uint256 modelId => IModelRegistry.LineageEntry[]) private _lineages;

    /// @notice Creates or overwrites a model (its lineage is kept; its base and royalty are cleared).
    function setModel(uint256 modelId, address owner, uint256 feePerInference, bool active) external {
        _list(modelId, owner, feePerInference, active);
        delete _bases[modelId];
    }

    /// @notice Makes the model an adapter on `baseModelId` (0: a base again); unlike the real registry, unchecked.
    function setBase(uint256 modelId, uint256 baseModelId) external known(modelId) {
        _bases[modelId].baseModelId = baseModelId;
    }

    /// @notice Sets the royalty a base asks of its adapters; unlike the real registry, not capped.
    function setRoyalty(uint256 baseModelId, uint16 royaltyBps) external known(baseModelId) {
        _bases[baseModelId].royaltyBps = royaltyBps;
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
        Listing storage model = _listing(modelId);
        return (model.owner, model.fee, model.active);
    }

    function royaltyInfo(
        uint256 modelId
    ) external view known(modelId) returns (uint256 baseModelId, address baseOwner, uint16 royaltyBps) {
        baseModelId = _bases[modelId].baseModelId;
        if (baseModelId == 0) return (0, address(0), 0);
        return (baseModelId, _listing(baseModelId).owner, _bases[baseModelId].royaltyBps);
    }

    /// @notice The real registry's single payment read, built from the same fields as the three reads above.
    function paymentTerms(
        uint256 modelId
    ) external view known(modelId) returns (IModelRegistry.PaymentTerms memory terms) {
        Listing storage model = _listing(modelId);
        (terms.owner, terms.feePerInference, terms.active) = (model.owner, model.fee, model.active);
        terms.lineage = _lineages[modelId];
        uint256 baseModelId = _bases[modelId].baseModelId;
        if (baseModelId == 0 || _bases[baseModelId].royaltyBps == 0) return terms;
        (terms.baseModelId, terms.baseOwner, terms.royaltyBps) = (
            baseModelId,
            _listing(baseModelId).owner,
            _bases[baseModelId].royaltyBps
        );
        terms.baseLineage = _lineages[baseModelId];
    }

    function lineageOf(uint256 modelId) external view known(modelId) returns (IModelRegistry.LineageEntry[] memory) {
        return _lineages[modelId];
    }

    function _revertUnknown(uint256 modelId) internal pure override {
        revert IModelRegistry.UnknownModel(modelId);
    }
}
