// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISharedErrors} from "../interfaces/ISharedErrors.sol";

/// @title BondedCase
/// @notice What root challenges and agent complaints share: a case opened with a bond and checkable evidence, and
/// decided by governance within a bounded resolution period.
library BondedCase {
    /// @dev A day: the least a vote (or an emergency procedure) could conceivably take.
    uint64 internal constant MIN_RESOLUTION_PERIOD = 1 days;
    /// @dev A month: the longest one bond may hold anything (a root, an agent's stake) in suspense.
    uint64 internal constant MAX_RESOLUTION_PERIOD = 30 days;
    /// @dev Two weeks: the default vote (a day's delay, a week's vote, two days in the timelock) with four days spare.
    uint64 internal constant DEFAULT_RESOLUTION_PERIOD = 14 days;

    /// @dev Reverts unless the bond is at least `required` and fits 96 bits, and the evidence has a hash and a URI.
    function checkFiling(
        uint256 bond,
        uint256 required,
        bytes32 evidenceHash,
        string calldata evidenceURI
    ) internal pure {
        if (bond == 0) revert ISharedErrors.ZeroBond();
        if (bond < required) revert ISharedErrors.BondTooLow(bond, required);
        if (bond > type(uint96).max) revert ISharedErrors.BondTooHigh(bond, type(uint96).max);
        if (evidenceHash == bytes32(0)) revert ISharedErrors.ZeroEvidenceHash();
        if (bytes(evidenceURI).length == 0) revert ISharedErrors.EmptyEvidenceURI();
    }

    /// @dev Reverts unless `period` is within [MIN_RESOLUTION_PERIOD, MAX_RESOLUTION_PERIOD].
    function checkResolutionPeriod(uint64 period) internal pure {
        if (period < MIN_RESOLUTION_PERIOD || period > MAX_RESOLUTION_PERIOD) {
            revert ISharedErrors.ResolutionPeriodOutOfBounds(period, MIN_RESOLUTION_PERIOD, MAX_RESOLUTION_PERIOD);
        }
    }
}
