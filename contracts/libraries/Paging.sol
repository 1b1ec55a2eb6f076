// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";

/// @title Paging
/// @notice Pages of ids for view functions: from position `offset`, at most `limit` ids; fewer at the end of the
/// list and none past it. Callers bound `limit` themselves (each contract reverts with its own `PageTooLarge`).
library Paging {
    using EnumerableSet for EnumerableSet.UintSet;

    /// @notice A page of an append-only list of ids.
    function page(uint256[] storage list, uint256 offset, uint256 limit) internal view returns (uint256[] memory ids) {
        (uint256 start, uint256 end) = window(list.length, offset, limit);
        ids = new uint256[](end - start);
        for (uint256 i = start; i < end; ++i) {
            ids[i - start] = list[i];
        }
    }

    /// @notice A page of a set of ids, in the set's current order (which removals change).
    function page(
        EnumerableSet.UintSet storage set,
        uint256 offset,
        uint256 limit
    ) internal view returns (uint256[] memory) {
        (uint256 start, uint256 end) = window(set.length(), offset, limit);
        return set.values(start, end);
    }

    /// @notice The positions [start, end) a page covers in a list of `length` ids; empty when `offset` is past it.
    function window(uint256 length, uint256 offset, uint256 limit) internal pure returns (uint256 start, uint256 end) {
        if (offset >= length) return (length, length);
        // `offset + limit` could overflow for a huge `limit`, so clamp against what remains instead.
        uint256 remaining = length - offset;
        return (offset, offset + (limit < remaining ? limit : remaining));
    }
}
