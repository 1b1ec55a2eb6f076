// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {EnumerableSet} from "@openzeppelin/contracts/utils/structs/EnumerableSet.sol";
import {ISharedErrors} from "../interfaces/ISharedErrors.sol";
import {IdList} from "./IdList.sol";

/// @title Paging
/// @notice The one page clamp of the suite: every paged view reads from position `offset` at most `limit` ids
/// (fewer at the end of the list, none past it), and refuses a `limit` above the contract's `maxLimit` with
/// `PageTooLarge`.
library Paging {
    using EnumerableSet for EnumerableSet.UintSet;
    using IdList for IdList.List;

    /// @notice A page of an append-only array of ids.
    function page(
        uint256[] storage list,
        uint256 offset,
        uint256 limit,
        uint256 maxLimit
    ) internal view returns (uint256[] memory ids) {
        (uint256 start, uint256 end) = window(list.length, offset, limit, maxLimit);
        ids = new uint256[](end - start);
        for (uint256 i = start; i < end; ++i) {
            ids[i - start] = list[i];
        }
    }

    /// @notice A page of a set of ids, in the set's current order (which removals change).
    function page(
        EnumerableSet.UintSet storage set,
        uint256 offset,
        uint256 limit,
        uint256 maxLimit
    ) internal view returns (uint256[] memory) {
        (uint256 start, uint256 end) = window(set.length(), offset, limit, maxLimit);
        return set.values(start, end);
    }

    /// @notice A page of the first `length` ids of a packed list (a prefix, such as a published version); the
    /// caller keeps `length` at most the list's length.
    function page(
        IdList.List storage list,
        uint256 length,
        uint256 offset,
        uint256 limit,
        uint256 maxLimit
    ) internal view returns (uint256[] memory) {
        (uint256 start, uint256 end) = window(length, offset, limit, maxLimit);
        return list.slice(start, end);
    }

    /// @notice The positions [start, end) a page covers in a list of `length` ids; empty when `offset` is past it.
    function window(
        uint256 length,
        uint256 offset,
        uint256 limit,
        uint256 maxLimit
    ) internal pure returns (uint256 start, uint256 end) {
        if (limit > maxLimit) revert ISharedErrors.PageTooLarge(limit, maxLimit);
        if (offset >= length) return (length, length);
        // `offset + limit` could overflow for a huge `limit`, so clamp against what remains instead.
        uint256 remaining = length - offset;
        return (offset, offset + (limit < remaining ? limit : remaining));
    }
}
