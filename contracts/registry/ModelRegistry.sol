// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IDatanet} from "../interfaces/IDatanet.sol";
import {IModelRegistry} from "../interfaces/IModelRegistry.sol";
import {Paging} from "../libraries/Paging.sol";

/// @title ModelRegistry
/// @notice Models and LoRA adapters as ERC-721 tokens ("OpenLedger Model", OLMODEL), each with an immutable weights
/// hash and data lineage citing published datanet versions. The fee, the active flag and the metadata URI are the
/// only things that change, and only by the token's owner or an ERC-721 operator/approved address.
/// @dev Ids run 1..modelCount and no token is ever burned, so an id exists exactly when it is in that range.
contract ModelRegistry is IModelRegistry, ERC721 {
    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IModelRegistry
    /// @dev Every paid inference splits the model's data pool across its lineage, one accrual per entry, so the
    /// lineage length bounds the gas of a payment. Sixteen sources is ample for a model and keeps a payment cheap.
    uint256 public constant MAX_LINEAGE = 16;

    /// @inheritdoc IModelRegistry
    uint256 public constant MAX_PAGE = 500;

    /// @inheritdoc IModelRegistry
    /// @dev 30%: a base may ask for a real part of its adapters' earnings, never most of them.
    uint16 public constant MAX_BASE_ROYALTY_BPS = 3_000;

    /// @inheritdoc IModelRegistry
    /// @dev 10%: a base earns from its adapters unless its owner says otherwise.
    uint16 public constant DEFAULT_BASE_ROYALTY_BPS = 1_000;

    /// @dev A lineage's weights must sum to exactly this: the whole data pool.
    uint256 private constant _TOTAL_WEIGHT_BPS = 10_000;

    IDatanet private immutable _DATANET;

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    /// @dev A model as stored: `Model`'s fields, with what a payment reads besides the fee (the owner, kept equal to
    /// the ERC-721 owner by `_update`, the base, the active flag, the lineage's length) in one word. Ids are below
    /// 2^64: one is registered per transaction.
    struct StoredModel {
        bytes32 weightsHash;
        uint256 feePerInference;
        address owner;
        uint64 baseModelId;
        bool active;
        uint8 lineageLength;
        uint64 supersedes;
        uint64 registeredAt;
        string metadataURI;
    }

    /// @dev A lineage entry in one word (`LineageEntry` takes two): datanet ids stay below 2^32 (the Datanet's
    /// checked counter), far below 2^208.
    struct StoredEntry {
        uint208 datanetId;
        uint32 version;
        uint16 weightBps;
    }

    uint256 private _modelCount;
    mapping(uint256 modelId => StoredModel) private _models;
    /// @dev The first `lineageLength` entries are the model's lineage; a fixed array needs no length slot.
    mapping(uint256 modelId => StoredEntry[MAX_LINEAGE]) private _lineages;
    mapping(uint256 baseModelId => uint256[] adapterIds) private _adapters;
    /// @dev Each model appears once per datanet it cites, however many versions of it.
    mapping(uint256 datanetId => uint256[] modelIds) private _modelsByDatanet;
    mapping(uint256 baseModelId => AdapterTerms) private _terms;
    mapping(uint256 baseModelId => mapping(address builder => bool)) private _builders;
    /// @dev The key that signs a model's outputs where settlement cannot rerun its weights; zero for none.
    mapping(uint256 modelId => address key) private _servingKeys;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param datanet_ The Datanet contract whose published versions lineages cite; not the zero address.
    constructor(IDatanet datanet_) ERC721("OpenLedger Model", "OLMODEL") {
        if (address(datanet_) == address(0)) revert ZeroAddress();
        _DATANET = datanet_;
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IModelRegistry
    function registerModel(Registration calldata registration) external returns (uint256 modelId) {
        return _register(0, registration);
    }

    /// @inheritdoc IModelRegistry
    function registerAdapter(
        uint256 baseModelId,
        Registration calldata registration
    ) external returns (uint256 modelId) {
        if (_model(baseModelId).baseModelId != 0) revert BaseIsAdapter(baseModelId);
        if (registration.lineage.length == 0) revert EmptyAdapterLineage();
        if (!_canAdapt(baseModelId, msg.sender)) revert NotAllowedToAdapt(baseModelId, msg.sender);
        return _register(baseModelId, registration);
    }

    /// @inheritdoc IModelRegistry
    function setFee(uint256 modelId, uint256 feePerInference) external {
        _authorizedModel(modelId).feePerInference = feePerInference;
        emit FeeSet(modelId, feePerInference);
    }

    /// @inheritdoc IModelRegistry
    function setActive(uint256 modelId, bool active) external {
        StoredModel storage model = _authorizedModel(modelId);
        if (model.active == active) revert ActiveUnchanged(modelId, active);
        model.active = active;
        emit ActiveSet(modelId, active);
    }

    /// @inheritdoc IModelRegistry
    function setAdapterTerms(uint256 baseModelId, AdapterTerms calldata terms) external {
        _authorizedBase(baseModelId);
        _setAdapterTerms(baseModelId, terms);
    }

    /// @inheritdoc IModelRegistry
    function setAdapterBuilder(uint256 baseModelId, address builder, bool allowed) external {
        _authorizedBase(baseModelId);
        if (builder == address(0)) revert ZeroAddress();
        if (_builders[baseModelId][builder] == allowed) revert BuilderUnchanged(baseModelId, builder, allowed);
        _builders[baseModelId][builder] = allowed;
        emit AdapterBuilderSet(baseModelId, builder, allowed);
    }

    /// @inheritdoc IModelRegistry
    function setMetadataURI(uint256 modelId, string calldata metadataURI) external {
        _authorizedModel(modelId).metadataURI = metadataURI;
        emit MetadataURISet(modelId, metadataURI);
    }

    /// @inheritdoc IModelRegistry
    function setServingKey(uint256 modelId, address key) external {
        _authorizedModel(modelId);
        _servingKeys[modelId] = key;
        emit ServingKeySet(modelId, key);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IModelRegistry
    function servingKeyOf(uint256 modelId) external view returns (address) {
        _model(modelId);
        return _servingKeys[modelId];
    }

    /// @inheritdoc IModelRegistry
    function datanet() external view returns (address) {
        return address(_DATANET);
    }

    /// @inheritdoc IModelRegistry
    function modelCount() external view returns (uint256) {
        return _modelCount;
    }

    /// @inheritdoc IModelRegistry
    function getModel(uint256 modelId) external view returns (Model memory) {
        StoredModel storage model = _model(modelId);
        return
            Model({
                weightsHash: model.weightsHash,
                baseModelId: model.baseModelId,
                supersedes: model.supersedes,
                feePerInference: model.feePerInference,
                active: model.active,
                registeredAt: model.registeredAt,
                metadataURI: model.metadataURI
            });
    }

    /// @inheritdoc IModelRegistry
    function lineageOf(uint256 modelId) external view returns (LineageEntry[] memory) {
        return _lineageOf(modelId, _model(modelId).lineageLength);
    }

    /// @inheritdoc IModelRegistry
    function isActive(uint256 modelId) external view returns (bool) {
        // An unknown id reads as the zero record, which is inactive.
        return _usable(_models[modelId]);
    }

    /// @inheritdoc IModelRegistry
    function paymentInfo(uint256 modelId) external view returns (address, uint256, bool) {
        StoredModel storage model = _model(modelId);
        return (_ownerOf(modelId), model.feePerInference, _usable(model));
    }

    /// @inheritdoc IModelRegistry
    /// @dev A registered model always has an owner (no token is burned), so the model's word, read anyway, says
    /// whether the id is known. For a base model: the model's word, the fee and one word per lineage entry.
    function paymentTerms(uint256 modelId) external view returns (PaymentTerms memory terms) {
        StoredModel storage model = _models[modelId];
        (address owner, uint256 baseModelId, bool active, uint256 length) = (
            model.owner,
            model.baseModelId,
            model.active,
            model.lineageLength
        );
        if (owner == address(0)) revert UnknownModel(modelId);
        terms.owner = owner;
        terms.feePerInference = model.feePerInference;
        terms.lineage = _lineageOf(modelId, length);
        if (baseModelId == 0) {
            terms.active = active;
            return terms;
        }
        StoredModel storage base = _models[baseModelId];
        terms.active = active && base.active;
        uint16 royaltyBps = _terms[baseModelId].royaltyBps;
        if (royaltyBps == 0) return terms;
        terms.baseModelId = baseModelId;
        terms.baseOwner = base.owner;
        terms.royaltyBps = royaltyBps;
        terms.baseLineage = _lineageOf(baseModelId, base.lineageLength);
    }

    /// @inheritdoc IModelRegistry
    function adapterTerms(uint256 baseModelId) external view returns (AdapterTerms memory) {
        if (_model(baseModelId).baseModelId != 0) revert NotBaseModel(baseModelId);
        return _terms[baseModelId];
    }

    /// @inheritdoc IModelRegistry
    function canAdapt(uint256 baseModelId, address builder) external view returns (bool) {
        if (_model(baseModelId).baseModelId != 0) return false;
        return _canAdapt(baseModelId, builder);
    }

    /// @inheritdoc IModelRegistry
    function royaltyInfo(uint256 modelId) external view returns (uint256 baseModelId, address baseOwner, uint16) {
        baseModelId = _model(modelId).baseModelId;
        if (baseModelId == 0) return (0, address(0), 0);
        return (baseModelId, _ownerOf(baseModelId), _terms[baseModelId].royaltyBps);
    }

    /// @inheritdoc IModelRegistry
    function adaptersOf(uint256 baseModelId, uint256 offset, uint256 limit) external view returns (uint256[] memory) {
        return Paging.page(_adapters[baseModelId], offset, limit, MAX_PAGE);
    }

    /// @inheritdoc IModelRegistry
    function adapterCount(uint256 baseModelId) external view returns (uint256) {
        return _adapters[baseModelId].length;
    }

    /// @inheritdoc IModelRegistry
    function modelsTrainedOn(
        uint256 datanetId,
        uint256 offset,
        uint256 limit
    ) external view returns (uint256[] memory) {
        return Paging.page(_modelsByDatanet[datanetId], offset, limit, MAX_PAGE);
    }

    /// @inheritdoc IModelRegistry
    function modelsTrainedOnCount(uint256 datanetId) external view returns (uint256) {
        return _modelsByDatanet[datanetId].length;
    }

    /// @notice The model's metadata URI. Reverts with ERC721NonexistentToken for an unknown id.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        return _models[tokenId].metadataURI;
    }

    /// @notice ERC-165: ERC-721, its metadata extension, and IModelRegistry.
    function supportsInterface(bytes4 interfaceId) public view override returns (bool) {
        return interfaceId == type(IModelRegistry).interfaceId || super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Validates and stores a model (an adapter when `baseModelId` is not 0, already checked), mints its token
    /// to the caller and announces it.
    function _register(uint256 baseModelId, Registration calldata registration) private returns (uint256 modelId) {
        if (registration.weightsHash == bytes32(0)) revert ZeroWeightsHash();
        // Only the superseded model's owner (or its operator) may name its successor: anyone else could otherwise
        // present their token as the retrained version of a popular model and draw its users and payments.
        if (registration.supersedes != 0) _authorizedModel(registration.supersedes);

        modelId = ++_modelCount;
        _storeLineage(modelId, registration.lineage);
        // Both ids name registered models, below the count (so below 2^64); a uint64 of seconds lasts for billions
        // of years.
        _models[modelId] = StoredModel({
            weightsHash: registration.weightsHash,
            feePerInference: registration.feePerInference,
            owner: msg.sender,
            baseModelId: uint64(baseModelId),
            supersedes: uint64(registration.supersedes),
            registeredAt: uint64(block.timestamp),
            active: true,
            lineageLength: uint8(registration.lineage.length), // at most MAX_LINEAGE, checked first
            metadataURI: registration.metadataURI
        });
        if (baseModelId != 0) _adapters[baseModelId].push(modelId);
        else _setAdapterTerms(modelId, AdapterTerms({royaltyBps: DEFAULT_BASE_ROYALTY_BPS, openToAdapters: true}));
        // `_mint`, not `_safeMint`: the caller chose to receive the token, and no callback runs mid-registration.
        _mint(msg.sender, modelId);

        emit ModelRegistered(
            modelId,
            msg.sender,
            baseModelId,
            registration.weightsHash,
            registration.feePerInference,
            registration.supersedes,
            registration.lineage,
            registration.metadataURI
        );
    }

    /// @dev Checks the lineage (length, weights, repeats, published versions) while storing it, and indexes the
    /// model under each datanet it cites. The only external call, `isPublished`, is a view on the immutable
    /// Datanet (a staticcall), so it cannot re-enter; any failure reverts the whole registration.
    function _storeLineage(uint256 modelId, LineageEntry[] calldata lineage) private {
        uint256 length = lineage.length;
        if (length > MAX_LINEAGE) revert LineageTooLong(length, MAX_LINEAGE);
        if (length == 0) return;

        StoredEntry[MAX_LINEAGE] storage stored = _lineages[modelId];
        uint256 sumBps;
        for (uint256 i; i < length; ++i) {
            LineageEntry calldata entry = lineage[i];
            if (entry.weightBps == 0) revert ZeroLineageWeight(entry.datanetId, entry.version);
            bool firstOfDatanet = true;
            // Quadratic, but over at most MAX_LINEAGE entries.
            for (uint256 j; j < i; ++j) {
                if (lineage[j].datanetId != entry.datanetId) continue;
                if (lineage[j].version == entry.version) revert DuplicateLineageEntry(entry.datanetId, entry.version);
                firstOfDatanet = false;
            }
            if (!_DATANET.isPublished(entry.datanetId, entry.version)) {
                revert UnpublishedVersion(entry.datanetId, entry.version);
            }
            unchecked {
                // At most MAX_LINEAGE (16) weights of at most type(uint16).max each: far below 2**256.
                sumBps += entry.weightBps;
            }
            stored[i] = StoredEntry(SafeCast.toUint208(entry.datanetId), entry.version, entry.weightBps);
            if (firstOfDatanet) _modelsByDatanet[entry.datanetId].push(modelId);
        }
        if (sumBps != _TOTAL_WEIGHT_BPS) revert LineageWeightsNot10000(sumBps);
    }

    /// @dev ERC-721's, keeping the owner a payment reads in the model's word: a transfer writes that word too.
    function _update(address to, uint256 tokenId, address auth) internal override returns (address from) {
        from = super._update(to, tokenId, auth);
        _models[tokenId].owner = to;
    }

    /// @dev The caller's model, for an update: it must exist, and the caller must own it or be approved for it.
    function _authorizedModel(uint256 modelId) private view returns (StoredModel storage model) {
        model = _model(modelId);
        if (!_isAuthorized(_ownerOf(modelId), msg.sender, modelId)) {
            revert NotModelOwnerOrOperator(modelId, msg.sender);
        }
    }

    /// @dev The caller's base model, for its adapter terms: as `_authorizedModel`, and not an adapter.
    function _authorizedBase(uint256 baseModelId) private view {
        if (_authorizedModel(baseModelId).baseModelId != 0) revert NotBaseModel(baseModelId);
    }

    function _setAdapterTerms(uint256 baseModelId, AdapterTerms memory terms) private {
        if (terms.royaltyBps > MAX_BASE_ROYALTY_BPS) revert RoyaltyAboveCap(terms.royaltyBps, MAX_BASE_ROYALTY_BPS);
        _terms[baseModelId] = terms;
        emit AdapterTermsSet(baseModelId, terms.royaltyBps, terms.openToAdapters);
    }

    /// @dev Open, or the builder owns or operates the base, or the base's owner allowed it.
    function _canAdapt(uint256 baseModelId, address builder) private view returns (bool) {
        if (_terms[baseModelId].openToAdapters || _builders[baseModelId][builder]) return true;
        return _isAuthorized(_ownerOf(baseModelId), builder, baseModelId);
    }

    /// @dev The stored model; reverts with UnknownModel for 0 or an id above the count.
    function _model(uint256 modelId) private view returns (StoredModel storage) {
        if (modelId == 0 || modelId > _modelCount) revert UnknownModel(modelId);
        return _models[modelId];
    }

    /// @dev Active, and for an adapter its base active too: deactivating a base retires its adapters with it.
    function _usable(StoredModel storage model) private view returns (bool) {
        return model.active && (model.baseModelId == 0 || _models[model.baseModelId].active);
    }

    /// @dev The first `length` stored entries of a lineage, as the interface's entries.
    function _lineageOf(uint256 modelId, uint256 length) private view returns (LineageEntry[] memory lineage) {
        StoredEntry[MAX_LINEAGE] storage stored = _lineages[modelId];
        lineage = new LineageEntry[](length);
        for (uint256 i; i < length; ++i) {
            StoredEntry storage entry = stored[i];
            lineage[i] = LineageEntry(entry.datanetId, entry.version, entry.weightBps);
        }
    }
}
