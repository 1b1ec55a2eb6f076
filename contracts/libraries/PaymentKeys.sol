// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title PaymentKeys
/// @notice The key of one paid inference, shared by AttributionRewards (which records the price under it) and
/// AgentStakes (which files at most one complaint under it), so the two can never disagree on what one payment is.
library PaymentKeys {
    /// @dev An inference id is the payer's own: the same id from another payer, model or agent (0 for none) is another
    /// payment.
    function keyOf(
        address payer,
        uint256 modelId,
        uint256 agentId,
        bytes32 inferenceId
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(payer, modelId, agentId, inferenceId));
    }
}
