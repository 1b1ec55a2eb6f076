// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IFeedbackRegistry
/// @notice Reputation only from payers: feedback on agents and models with the fields of ERC-8004's reputation
/// registry (a signed value with decimals, two tags, an endpoint, a URI and its hash; revocation by the giver; a
/// response by the subject's owner), where only an account that paid for an inference through that agent (or of that
/// model) may leave feedback, once per paid inference and subject, weighted by the price it paid (read from
/// AttributionRewards' `paidPrice`). An account that never paid cannot leave any.
/// @dev Summaries are running sums, updated on every give and revoke, so each read is O(1): per subject overall
/// (tag zero) and per subject and tag (a feedback counts under each of its non-zero tags). The weighted mean is
/// `sum(normalised value * weight) / sum(weight)` with values normalised to SUMMARY_DECIMALS, truncated toward
/// zero. Invariant: `|weightedSum| <= MAX_ABS_VALUE * totalWeight`, so with totalWeight below 2^128 the sum always
/// fits an int256.
interface IFeedbackRegistry {
    /// @notice What a feedback is about: an agent (of AgentRegistry) or a model (of ModelRegistry).
    enum SubjectKind {
        Agent,
        Model
    }

    /// @notice The paid inference a feedback stands on, as AttributionRewards keys it (with the giver as payer).
    struct InferenceRef {
        uint256 modelId;
        uint256 agentId; // 0 for an inference paid without an agent (then only its model can be reviewed)
        bytes32 inferenceId;
    }

    /// @notice The fields of one feedback, as ERC-8004's `giveFeedback` takes them (tags as bytes32).
    struct FeedbackInput {
        int128 value; // a signed fixed-point number with `valueDecimals` decimals
        uint8 valueDecimals; // at most MAX_VALUE_DECIMALS
        bytes32 tag1; // what was measured, e.g. "starred"; zero for none
        bytes32 tag2; // a sub-dimension; zero for none
        string endpoint; // the service endpoint used, at most MAX_ENDPOINT_LENGTH bytes; may be empty
        string feedbackURI; // the off-chain feedback file, at most MAX_URI_LENGTH bytes; may be empty
        bytes32 feedbackHash; // keccak256 of that file, or zero
    }

    /// @notice One feedback as stored (the endpoint, URI and hash are in its event only, as ERC-8004 does).
    struct Feedback {
        address giver;
        uint96 weight; // the price the giver paid for the inference (OPEN's whole supply fits 96 bits)
        int128 value;
        uint8 valueDecimals;
        SubjectKind kind;
        bool revoked;
        uint64 responses; // responses the subject's owner appended
        bytes32 tag1;
        bytes32 tag2;
        uint256 subjectId;
    }

    /// @notice The running summary of a subject's (or a subject and tag's) feedback that is not revoked.
    struct Summary {
        uint64 count;
        uint128 totalWeight; // wei of OPEN paid by the givers
        int256 weightedSum; // sum of value (normalised to SUMMARY_DECIMALS) * weight
        int256 mean; // weightedSum / totalWeight, SUMMARY_DECIMALS decimals, truncated toward zero; 0 when empty
    }

    /// @notice The giver did not pay for this inference (through this agent, of this model): only payers leave
    /// feedback.
    error InferenceNotPaid(address giver, uint256 modelId, uint256 agentId, bytes32 inferenceId);
    /// @notice Feedback on an agent must name an inference paid through an agent.
    error NoAgentInInference(uint256 modelId, bytes32 inferenceId);
    /// @notice This paid inference already gave feedback on this subject (revoked or not): once per inference.
    error FeedbackAlreadyGiven(uint256 feedbackId);
    /// @notice The subject's current owner cannot review its own agent or model.
    error SelfFeedback(SubjectKind kind, uint256 subjectId, address owner);
    /// @notice The value's decimals are above MAX_VALUE_DECIMALS.
    error DecimalsTooHigh(uint8 valueDecimals, uint8 max);
    /// @notice The value, normalised to SUMMARY_DECIMALS, is outside [-MAX_ABS_VALUE, MAX_ABS_VALUE].
    error ValueOutOfRange(int128 value, uint8 valueDecimals);
    /// @notice A second tag without a first: tag2 refines tag1.
    error Tag2WithoutTag1(bytes32 tag2);
    /// @notice The endpoint is longer than MAX_ENDPOINT_LENGTH bytes.
    error EndpointTooLong(uint256 length, uint256 max);
    /// @notice A feedback or response URI is longer than MAX_URI_LENGTH bytes.
    error URITooLong(uint256 length, uint256 max);
    /// @notice A response needs a URI (its hash may be zero).
    error EmptyResponseURI();
    /// @notice No feedback has this id.
    error UnknownFeedback(uint256 feedbackId);
    /// @notice Only the giver may revoke its feedback.
    error NotFeedbackGiver(uint256 feedbackId, address caller);
    /// @notice The feedback is already revoked.
    error FeedbackAlreadyRevoked(uint256 feedbackId);
    /// @notice Only the subject's current owner may respond to its feedback.
    error NotSubjectOwner(uint256 feedbackId, address caller, address owner);

    /// @notice `giver` left feedback `feedbackId` on a subject, standing on a paid inference and weighted by `weight`.
    event FeedbackGiven(
        uint256 indexed feedbackId,
        address indexed giver,
        uint256 indexed subjectId,
        SubjectKind kind,
        InferenceRef inference,
        uint256 weight,
        FeedbackInput feedback
    );
    /// @notice The giver revoked its feedback: it no longer counts in any summary.
    event FeedbackRevoked(
        uint256 indexed feedbackId,
        address indexed giver,
        uint256 indexed subjectId,
        SubjectKind kind
    );
    /// @notice The subject's owner appended a response to a feedback.
    event ResponseAppended(
        uint256 indexed feedbackId,
        address indexed responder,
        uint256 indexed subjectId,
        SubjectKind kind,
        string responseURI,
        bytes32 responseHash
    );

    /// @notice Leaves feedback on the agent (`kind` Agent: `inference.agentId`) or the model (`inference.modelId`)
    /// of an inference the sender paid for.
    /// @return feedbackId The new feedback's id (from 1).
    function giveFeedback(
        SubjectKind kind,
        InferenceRef calldata inference,
        FeedbackInput calldata feedback
    ) external returns (uint256 feedbackId);

    /// @notice Revokes the sender's feedback: it leaves every summary. Its inference cannot give feedback again.
    function revokeFeedback(uint256 feedbackId) external;

    /// @notice Appends a response to a feedback (revoked or not). Only the subject's current owner.
    function appendResponse(uint256 feedbackId, string calldata responseURI, bytes32 responseHash) external;

    /// @notice A feedback by id; an unknown id reads as an empty Feedback.
    function getFeedback(uint256 feedbackId) external view returns (Feedback memory);

    /// @notice The number of feedbacks ever given (the last id).
    function feedbackCount() external view returns (uint256);

    /// @notice The feedback a paid inference gave on a subject, or 0 if none.
    function feedbackOf(
        SubjectKind kind,
        address giver,
        InferenceRef calldata inference
    ) external view returns (uint256 feedbackId);

    /// @notice The summary of a subject's feedback that is not revoked: overall for tag zero, else under `tag`.
    function getSummary(SubjectKind kind, uint256 subjectId, bytes32 tag) external view returns (Summary memory);

    /// @notice The AttributionRewards whose payments entitle and weigh feedback.
    function rewards() external view returns (address);

    /// @notice The ModelRegistry whose models are reviewed.
    function modelRegistry() external view returns (address);

    /// @notice The AgentRegistry whose agents are reviewed.
    function agentRegistry() external view returns (address);

    /// @notice The block this contract was deployed in: where a reader of its events starts.
    function deploymentBlock() external view returns (uint256);

    /// @notice The most decimals a value may have (as ERC-8004).
    function MAX_VALUE_DECIMALS() external view returns (uint8);

    /// @notice The decimals of normalised values and of a summary's mean.
    function SUMMARY_DECIMALS() external view returns (uint8);

    /// @notice The largest magnitude of a value normalised to SUMMARY_DECIMALS.
    function MAX_ABS_VALUE() external view returns (int256);

    /// @notice The longest endpoint, in bytes.
    function MAX_ENDPOINT_LENGTH() external view returns (uint256);

    /// @notice The longest feedback or response URI, in bytes.
    function MAX_URI_LENGTH() external view returns (uint256);
}
