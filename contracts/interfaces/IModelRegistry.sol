// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IModelRegistry
/// @notice Models and LoRA adapters as ERC-721 tokens, each with an immutable weights hash and data lineage: the
/// published datanet versions it was trained on, weighted in basis points. The owner sets the OPEN fee per
/// inference and can deactivate the model. A retrained model is a new token naming the one it supersedes.
/// A base model earns from its adapters: its owner sets a royalty (at most MAX_BASE_ROYALTY_BPS) that every adapter
/// payment pays to the base's owner and lineage, and may close the base to all but the builders it allows.
/// @dev Token ids start at 1. Updates may be made by the owner or an ERC-721 operator/approved address.
interface IModelRegistry is ISharedErrors {
    /// @notice One datanet version a model was trained on, with its weight in the model's data pool.
    struct LineageEntry {
        uint256 datanetId;
        uint32 version;
        uint16 weightBps;
    }

    /// @notice A model's record. The owner is the ERC-721 owner.
    struct Model {
        bytes32 weightsHash; // keccak-256 of the weights file
        uint256 baseModelId; // 0 for a base model; the base for an adapter
        uint256 supersedes; // the model this one replaces, or 0
        uint256 feePerInference; // OPEN (wei) a payer pays for one inference
        bool active; // inactive models cannot be paid for or used by new agents
        uint64 registeredAt; // block timestamp
        string metadataURI; // name, architecture, card, off-chain
    }

    /// @notice What a registration carries.
    struct Registration {
        string metadataURI;
        bytes32 weightsHash;
        uint256 feePerInference;
        uint256 supersedes; // 0, or an existing model id the caller owns or operates
        LineageEntry[] lineage;
    }

    /// @notice Everything a payment for one inference reads from the registry, in one call: the model's owner, fee,
    /// whether it can be used (as `isActive`) and lineage, and for an adapter its base's id, owner, royalty and
    /// lineage (zero, and an empty lineage, for a base model or a zero royalty).
    struct PaymentTerms {
        address owner;
        uint256 feePerInference;
        bool active;
        LineageEntry[] lineage;
        uint256 baseModelId;
        address baseOwner;
        uint16 royaltyBps;
        LineageEntry[] baseLineage;
    }

    /// @notice What a base model asks of the adapters built on it.
    struct AdapterTerms {
        uint16 royaltyBps; // of an adapter payment's model-owner amount and data pool, to the base; <= the cap
        bool openToAdapters; // anyone may build on the base; else only its owner, operators and allowed builders
    }

    /// @notice The model id names no model.
    error UnknownModel(uint256 modelId);
    /// @notice The weights hash was zero.
    error ZeroWeightsHash();
    /// @notice The lineage weights do not sum to 10,000 basis points.
    error LineageWeightsNot10000(uint256 sum);
    /// @notice A lineage entry has a zero weight.
    error ZeroLineageWeight(uint256 datanetId, uint32 version);
    /// @notice The same (datanet, version) appears twice in a lineage.
    error DuplicateLineageEntry(uint256 datanetId, uint32 version);
    /// @notice The lineage is longer than MAX_LINEAGE.
    error LineageTooLong(uint256 length, uint256 max);
    /// @notice An adapter must name the data it was tuned on.
    error EmptyAdapterLineage();
    /// @notice An adapter must sit on a base model, not on another adapter.
    error BaseIsAdapter(uint256 baseModelId);
    /// @notice Adapter terms apply to base models only; this model is an adapter.
    error NotBaseModel(uint256 modelId);
    /// @notice The royalty is above MAX_BASE_ROYALTY_BPS.
    error RoyaltyAboveCap(uint16 royaltyBps, uint16 cap);
    /// @notice The base is closed to adapters and the caller is not allowed to build on it.
    error NotAllowedToAdapt(uint256 baseModelId, address caller);
    /// @notice The builder is already in the requested allowed state.
    error BuilderUnchanged(uint256 baseModelId, address builder, bool allowed);
    /// @notice The caller is neither the owner nor an approved operator of the model (to update it, or to name it
    /// as superseded by a new registration).
    error NotModelOwnerOrOperator(uint256 modelId, address caller);

    /// @notice A base model (baseModelId 0) or an adapter was registered.
    event ModelRegistered(
        uint256 indexed modelId,
        address indexed owner,
        uint256 indexed baseModelId,
        bytes32 weightsHash,
        uint256 feePerInference,
        uint256 supersedes,
        LineageEntry[] lineage,
        string metadataURI
    );
    /// @notice The fee per inference changed.
    event FeeSet(uint256 indexed modelId, uint256 feePerInference);
    /// @notice The model was activated or deactivated.
    event ActiveSet(uint256 indexed modelId, bool active);
    /// @notice The metadata URI changed.
    event MetadataURISet(uint256 indexed modelId, string metadataURI);
    /// @notice A base model's adapter terms changed (at registration too).
    event AdapterTermsSet(uint256 indexed baseModelId, uint16 royaltyBps, bool openToAdapters);
    /// @notice A builder was allowed (or no longer allowed) to build adapters on a closed base.
    event AdapterBuilderSet(uint256 indexed baseModelId, address indexed builder, bool allowed);
    /// @notice The key whose signatures prove the model's outputs to settlement changed (zero: none).
    event ServingKeySet(uint256 indexed modelId, address indexed key);

    /// @notice Registers a base model and mints its token to the caller. Its lineage may be empty.
    function registerModel(Registration calldata registration) external returns (uint256 modelId);

    /// @notice Registers a LoRA adapter on a base model and mints its token to the caller. Its lineage is not empty;
    /// a base closed to adapters takes only its owner, operators and allowed builders.
    function registerAdapter(
        uint256 baseModelId,
        Registration calldata registration
    ) external returns (uint256 modelId);

    /// @notice Sets the OPEN fee per inference. Owner or operator.
    function setFee(uint256 modelId, uint256 feePerInference) external;

    /// @notice Activates or deactivates the model. Owner or operator.
    function setActive(uint256 modelId, bool active) external;

    /// @notice Replaces the metadata URI. Owner or operator.
    function setMetadataURI(uint256 modelId, string calldata metadataURI) external;

    /// @notice Sets a base model's royalty and whether anyone may build adapters on it. Owner or operator.
    function setAdapterTerms(uint256 baseModelId, AdapterTerms calldata terms) external;

    /// @notice Allows (or stops allowing) `builder` to build adapters on a base closed to them. Owner or operator.
    function setAdapterBuilder(uint256 baseModelId, address builder, bool allowed) external;

    /// @notice The cap on a base model's royalty, in basis points.
    function MAX_BASE_ROYALTY_BPS() external view returns (uint16);

    /// @notice The royalty a base model is registered with, in basis points.
    function DEFAULT_BASE_ROYALTY_BPS() external view returns (uint16);

    /// @notice A base model's adapter terms. Reverts for an unknown id or an adapter.
    function adapterTerms(uint256 baseModelId) external view returns (AdapterTerms memory);

    /// @notice Whether `builder` may build adapters on the base (open, owner, operator or allowed).
    function canAdapt(uint256 baseModelId, address builder) external view returns (bool);

    /// @notice What an adapter payment owes its base, in one read: the base id, its owner and royalty; all zero for
    /// a base model. Reverts for an unknown id.
    function royaltyInfo(
        uint256 modelId
    ) external view returns (uint256 baseModelId, address baseOwner, uint16 royaltyBps);

    /// @notice Names the key that signs the model's outputs (EIP-712, see docs/settlement.md), or zero to remove
    /// it. Owner or operator.
    function setServingKey(uint256 modelId, address key) external;

    /// @notice The longest lineage a model may have.
    function MAX_LINEAGE() external view returns (uint256);

    /// @notice The most entries one paged read returns.
    function MAX_PAGE() external view returns (uint256);

    /// @notice The Datanet contract whose versions lineages cite.
    function datanet() external view returns (address);

    /// @notice The number of models registered (ids 1..modelCount).
    function modelCount() external view returns (uint256);

    /// @notice A model's record. Reverts for an unknown id.
    function getModel(uint256 modelId) external view returns (Model memory);

    /// @notice The key that signs the model's outputs, zero for none. Reverts for an unknown id.
    function servingKeyOf(uint256 modelId) external view returns (address);

    /// @notice A model's lineage. Reverts for an unknown id.
    function lineageOf(uint256 modelId) external view returns (LineageEntry[] memory);

    /// @notice Whether the model exists and can be used: it is active and, for an adapter, so is its base (an
    /// adapter cannot be served without its base model).
    function isActive(uint256 modelId) external view returns (bool);

    /// @notice What paying for one inference needs in one read: owner, fee and whether it can be used (as
    /// `isActive`). Reverts if unknown.
    function paymentInfo(uint256 modelId) external view returns (address owner, uint256 feePerInference, bool active);

    /// @notice What paying for one inference reads, in one call (`PaymentTerms`). Reverts if unknown.
    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory);

    /// @notice Ids of the adapters on a base model, paged.
    function adaptersOf(uint256 baseModelId, uint256 offset, uint256 limit) external view returns (uint256[] memory);

    /// @notice The number of adapters on a base model.
    function adapterCount(uint256 baseModelId) external view returns (uint256);

    /// @notice Ids of the models whose lineage cites any version of the datanet, paged.
    function modelsTrainedOn(uint256 datanetId, uint256 offset, uint256 limit) external view returns (uint256[] memory);

    /// @notice The number of models whose lineage cites the datanet.
    function modelsTrainedOnCount(uint256 datanetId) external view returns (uint256);
}
