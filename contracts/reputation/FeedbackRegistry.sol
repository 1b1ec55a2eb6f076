// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IAttributionRewards} from "../interfaces/IAttributionRewards.sol";
import {IFeedbackRegistry} from "../interfaces/IFeedbackRegistry.sol";
import {ISharedErrors} from "../interfaces/ISharedErrors.sol";

/// @title FeedbackRegistry
/// @notice Feedback on agents and models from the accounts that paid for their inferences, weighted by what they
/// paid, with O(1) summaries per subject and per subject and tag. It moves no money and has no roles.
/// @dev Sybil accounts cost nothing in ERC-8004's registry, where anyone may leave feedback; here each unit of
/// weight is a wei of OPEN paid through AttributionRewards, of which at least the protocol and data-pool shares
/// never come back to whoever paid, even when it owns the subject through another account.
contract FeedbackRegistry is IFeedbackRegistry, ISharedErrors {
    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IFeedbackRegistry
    uint8 public constant MAX_VALUE_DECIMALS = 18;
    /// @inheritdoc IFeedbackRegistry
    /// @dev 18, as ERC-8004's own summary computes in: every value with at most 18 decimals normalises exactly.
    uint8 public constant SUMMARY_DECIMALS = 18;
    /// @inheritdoc IFeedbackRegistry
    /// @dev 10^36 at 18 decimals, i.e. a human value within ±10^18: far beyond any rating or metric, and small enough
    /// that `MAX_ABS_VALUE * 2^128` (the largest weighted sum) fits an int256.
    int256 public constant MAX_ABS_VALUE = 1e36;
    /// @inheritdoc IFeedbackRegistry
    uint256 public constant MAX_ENDPOINT_LENGTH = 256;
    /// @inheritdoc IFeedbackRegistry
    /// @dev Room for an https URL or an IPFS URI with a path; a longer one belongs in the file it points to.
    uint256 public constant MAX_URI_LENGTH = 512;

    IAttributionRewards private immutable _REWARDS;
    IERC721 private immutable _MODELS;
    IERC721 private immutable _AGENTS;
    uint256 private immutable _DEPLOYMENT_BLOCK;

    /// @dev The running sums a Summary is computed from (count and weight in one slot).
    struct Sums {
        uint64 count;
        uint128 totalWeight;
        int256 weightedSum;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    mapping(uint256 feedbackId => Feedback) private _feedback; // from 1
    uint256 private _feedbackCount;
    /// @dev Keyed by `_usageKey(kind, giver, inference)`: one feedback per paid inference and subject, ever.
    mapping(bytes32 usageKey => uint256 feedbackId) private _feedbackOf;
    /// @dev Keyed by `_summaryKey(kind, subjectId, tag)`; tag zero is the subject's overall summary.
    mapping(bytes32 summaryKey => Sums) private _sums;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param rewards_ The AttributionRewards whose payments entitle feedback; the registries are the ones it pays.
    constructor(IAttributionRewards rewards_) {
        if (address(rewards_) == address(0)) revert ZeroAddress();
        _REWARDS = rewards_;
        _MODELS = IERC721(rewards_.modelRegistry());
        _AGENTS = IERC721(rewards_.agentRegistry());
        _DEPLOYMENT_BLOCK = block.number;
    }

    // ------------------------------------------------------------------------------------------------------------
    // External state-changing functions
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IFeedbackRegistry
    function giveFeedback(
        SubjectKind kind,
        InferenceRef calldata inference,
        FeedbackInput calldata feedback
    ) external returns (uint256 feedbackId) {
        _checkInput(feedback);
        uint256 subjectId = kind == SubjectKind.Agent ? inference.agentId : inference.modelId;
        if (subjectId == 0) revert NoAgentInInference(inference.modelId, inference.inferenceId);
        uint256 price = _REWARDS.paidPrice(msg.sender, inference.modelId, inference.agentId, inference.inferenceId);
        if (price == 0) {
            revert InferenceNotPaid(msg.sender, inference.modelId, inference.agentId, inference.inferenceId);
        }
        bytes32 usage = _usageKey(kind, msg.sender, inference);
        uint256 given = _feedbackOf[usage];
        if (given != 0) revert FeedbackAlreadyGiven(given);
        address owner = _ownerOf(kind, subjectId);
        if (msg.sender == owner) revert SelfFeedback(kind, subjectId, owner);

        feedbackId = ++_feedbackCount;
        _feedbackOf[usage] = feedbackId;
        // OPEN's whole supply fits 96 bits, and nobody pays more than it holds; SafeCast says so if that ever fails.
        uint96 weight = SafeCast.toUint96(price);
        _feedback[feedbackId] = Feedback({
            giver: msg.sender,
            weight: weight,
            value: feedback.value,
            valueDecimals: feedback.valueDecimals,
            kind: kind,
            revoked: false,
            responses: 0,
            tag1: feedback.tag1,
            tag2: feedback.tag2,
            subjectId: subjectId
        });
        _count(_feedback[feedbackId], true);
        emit FeedbackGiven(feedbackId, msg.sender, subjectId, kind, inference, weight, feedback);
    }

    /// @inheritdoc IFeedbackRegistry
    function revokeFeedback(uint256 feedbackId) external {
        Feedback storage f = _known(feedbackId);
        if (f.giver != msg.sender) revert NotFeedbackGiver(feedbackId, msg.sender);
        if (f.revoked) revert FeedbackAlreadyRevoked(feedbackId);
        f.revoked = true;
        _count(f, false);
        emit FeedbackRevoked(feedbackId, msg.sender, f.subjectId, f.kind);
    }

    /// @inheritdoc IFeedbackRegistry
    function appendResponse(uint256 feedbackId, string calldata responseURI, bytes32 responseHash) external {
        Feedback storage f = _known(feedbackId);
        uint256 length = bytes(responseURI).length;
        if (length == 0) revert EmptyResponseURI();
        if (length > MAX_URI_LENGTH) revert URITooLong(length, MAX_URI_LENGTH);
        address owner = _ownerOf(f.kind, f.subjectId);
        if (msg.sender != owner) revert NotSubjectOwner(feedbackId, msg.sender, owner);
        ++f.responses;
        emit ResponseAppended(feedbackId, msg.sender, f.subjectId, f.kind, responseURI, responseHash);
    }

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IFeedbackRegistry
    function getFeedback(uint256 feedbackId) external view returns (Feedback memory) {
        return _feedback[feedbackId];
    }

    /// @inheritdoc IFeedbackRegistry
    function feedbackCount() external view returns (uint256) {
        return _feedbackCount;
    }

    /// @inheritdoc IFeedbackRegistry
    function feedbackOf(
        SubjectKind kind,
        address giver,
        InferenceRef calldata inference
    ) external view returns (uint256) {
        return _feedbackOf[_usageKey(kind, giver, inference)];
    }

    /// @inheritdoc IFeedbackRegistry
    function getSummary(SubjectKind kind, uint256 subjectId, bytes32 tag) external view returns (Summary memory s) {
        Sums storage sums = _sums[_summaryKey(kind, subjectId, tag)];
        s.count = sums.count;
        s.totalWeight = sums.totalWeight;
        s.weightedSum = sums.weightedSum;
        // Solidity's division truncates toward zero; the weight is below 2^128, so the cast keeps its value.
        if (s.totalWeight != 0) s.mean = s.weightedSum / int256(uint256(s.totalWeight));
    }

    /// @inheritdoc IFeedbackRegistry
    function rewards() external view returns (address) {
        return address(_REWARDS);
    }

    /// @inheritdoc IFeedbackRegistry
    function modelRegistry() external view returns (address) {
        return address(_MODELS);
    }

    /// @inheritdoc IFeedbackRegistry
    function agentRegistry() external view returns (address) {
        return address(_AGENTS);
    }

    /// @inheritdoc IFeedbackRegistry
    function deploymentBlock() external view returns (uint256) {
        return _DEPLOYMENT_BLOCK;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev The bounds of ERC-8004 (decimals) and of the summary's arithmetic (value), and the string caps.
    function _checkInput(FeedbackInput calldata feedback) private pure {
        if (feedback.valueDecimals > MAX_VALUE_DECIMALS) {
            revert DecimalsTooHigh(feedback.valueDecimals, MAX_VALUE_DECIMALS);
        }
        int256 normalised = _normalise(feedback.value, feedback.valueDecimals);
        if (normalised > MAX_ABS_VALUE || normalised < -MAX_ABS_VALUE) {
            revert ValueOutOfRange(feedback.value, feedback.valueDecimals);
        }
        if (feedback.tag1 == bytes32(0) && feedback.tag2 != bytes32(0)) revert Tag2WithoutTag1(feedback.tag2);
        uint256 endpoint = bytes(feedback.endpoint).length;
        if (endpoint > MAX_ENDPOINT_LENGTH) revert EndpointTooLong(endpoint, MAX_ENDPOINT_LENGTH);
        uint256 uri = bytes(feedback.feedbackURI).length;
        if (uri > MAX_URI_LENGTH) revert URITooLong(uri, MAX_URI_LENGTH);
    }

    /// @dev Adds (`add`) or removes a feedback from its subject's overall summary and from each of its tags'.
    function _count(Feedback storage f, bool add) private {
        int256 weighted = _normalise(f.value, f.valueDecimals) * int256(uint256(f.weight));
        _update(_summaryKey(f.kind, f.subjectId, bytes32(0)), f.weight, weighted, add);
        if (f.tag1 != bytes32(0)) _update(_summaryKey(f.kind, f.subjectId, f.tag1), f.weight, weighted, add);
        if (f.tag2 != bytes32(0) && f.tag2 != f.tag1) {
            _update(_summaryKey(f.kind, f.subjectId, f.tag2), f.weight, weighted, add);
        }
    }

    /// @dev Checked arithmetic throughout: a removal only takes back what an addition put in, and the weight would
    /// need 2^128 wei (far above OPEN's supply, however often it circulates) to overflow.
    function _update(bytes32 key, uint96 weight, int256 weighted, bool add) private {
        Sums storage sums = _sums[key];
        if (add) {
            ++sums.count;
            sums.totalWeight += weight;
            sums.weightedSum += weighted;
        } else {
            --sums.count;
            sums.totalWeight -= weight;
            sums.weightedSum -= weighted;
        }
    }

    function _known(uint256 feedbackId) private view returns (Feedback storage f) {
        f = _feedback[feedbackId];
        if (f.giver == address(0)) revert UnknownFeedback(feedbackId);
    }

    /// @dev The subject's current owner: an ERC-721 of the registry AttributionRewards pays through.
    function _ownerOf(SubjectKind kind, uint256 subjectId) private view returns (address) {
        return (kind == SubjectKind.Agent ? _AGENTS : _MODELS).ownerOf(subjectId);
    }

    /// @dev `value` with SUMMARY_DECIMALS decimals; |value| < 2^127 and the factor is at most 10^18, so it fits.
    function _normalise(int128 value, uint8 valueDecimals) private pure returns (int256) {
        return int256(value) * int256(10 ** (SUMMARY_DECIMALS - valueDecimals));
    }

    function _usageKey(
        SubjectKind kind,
        address giver,
        InferenceRef calldata inference
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(kind, giver, inference.modelId, inference.agentId, inference.inferenceId));
    }

    function _summaryKey(SubjectKind kind, uint256 subjectId, bytes32 tag) private pure returns (bytes32) {
        return keccak256(abi.encode(kind, subjectId, tag));
    }
}
