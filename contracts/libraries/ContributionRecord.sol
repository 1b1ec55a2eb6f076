// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDatanet} from "../interfaces/IDatanet.sol";

/// @notice A contribution's record as the Datanet stores it: one word.
type Record is uint256;

using ContributionRecord for Record global;

/// @title ContributionRecord
/// @notice Packs what the Datanet keeps of a contribution into one storage word, written once at submission (a
/// fresh slot) and once at its review, withdrawal or displacement (the same slot, warm).
/// @dev Layout, from the low bits: contributor (160), datanet id (32), submission timestamp (40), status (8),
/// quality in basis points (16). The Datanet keeps datanet ids below 2^32 (a checked uint32 counter); timestamps
/// stay below 2^40 for 30,000 years; quality is at most 10,000. What a contribution was submitted with (content
/// hash, size, pointer) is in its ContributionSubmitted event, not here.
library ContributionRecord {
    uint256 private constant _DATANET_SHIFT = 160;
    uint256 private constant _SUBMITTED_SHIFT = 192;
    uint256 private constant _STATUS_SHIFT = 232;
    uint256 private constant _QUALITY_SHIFT = 240;
    uint256 private constant _STATUS_MASK = 0xff << _STATUS_SHIFT;

    /// @notice The record of a contribution just submitted: pending, no quality yet.
    function pending(address contributor_, uint256 datanetId_, uint256 submittedAt_) internal pure returns (Record) {
        return
            Record.wrap(
                uint256(uint160(contributor_)) |
                    (datanetId_ << _DATANET_SHIFT) |
                    (submittedAt_ << _SUBMITTED_SHIFT) |
                    (uint256(IDatanet.Status.Pending) << _STATUS_SHIFT)
            );
    }

    /// @notice Whether the word holds a contribution (every record names its contributor).
    function exists(Record record) internal pure returns (bool) {
        return contributor(record) != address(0);
    }

    function contributor(Record record) internal pure returns (address) {
        return address(uint160(Record.unwrap(record)));
    }

    function datanetId(Record record) internal pure returns (uint256) {
        return uint32(Record.unwrap(record) >> _DATANET_SHIFT);
    }

    function submittedAt(Record record) internal pure returns (uint64) {
        return uint40(Record.unwrap(record) >> _SUBMITTED_SHIFT);
    }

    function status(Record record) internal pure returns (IDatanet.Status) {
        return IDatanet.Status(uint8(Record.unwrap(record) >> _STATUS_SHIFT));
    }

    function qualityBps(Record record) internal pure returns (uint16) {
        return uint16(Record.unwrap(record) >> _QUALITY_SHIFT);
    }

    /// @notice The record with its status replaced.
    function withStatus(Record record, IDatanet.Status status_) internal pure returns (Record) {
        return Record.wrap((Record.unwrap(record) & ~_STATUS_MASK) | (uint256(status_) << _STATUS_SHIFT));
    }

    /// @notice The record with its quality set; the caller keeps `qualityBps_` at most 10,000, and sets it once.
    function withQuality(Record record, uint16 qualityBps_) internal pure returns (Record) {
        return Record.wrap(Record.unwrap(record) | (uint256(qualityBps_) << _QUALITY_SHIFT));
    }
}
