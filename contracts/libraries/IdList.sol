// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IdList
/// @notice An append-only list of ids below 2^64 packed four to a storage word, with its length in the first word.
/// @dev The words form one array of 64-bit lanes: lane 0 holds the length and lane `i + 1` the id at index `i`. Word 0
/// thus holds the length and the first three ids, so a list of up to three ids costs one slot and an append writes
/// the length and, three times in four, a word that is already in use. Lanes are written once, when the list
/// grows into them, and never change afterwards. Pages of it are read through `Paging`, which clamps them.
library IdList {
    struct List {
        mapping(uint256 word => uint256) words;
    }

    uint256 private constant _LANE_BITS = 64;

    /// @notice The number of ids in the list.
    function length(List storage list) internal view returns (uint256) {
        return uint64(list.words[0]);
    }

    /// @notice Appends `id` and returns its index. The caller ensures `id` is below 2^64.
    function push(List storage list, uint256 id) internal returns (uint256 index) {
        uint256 head = list.words[0];
        index = uint64(head);
        uint256 lane = index + 1;
        uint256 word = lane / 4;
        uint256 shifted = id << ((lane % 4) * _LANE_BITS);
        // The length is below 2^64 (one lane per id, ids below 2^64), so `head + 1` stays inside lane 0.
        if (word == 0) {
            list.words[0] = (head + 1) | shifted;
        } else {
            list.words[word] |= shifted; // the lane is still zero: lists only grow
            list.words[0] = head + 1;
        }
    }

    /// @notice The id at `index`, which the caller keeps below the length.
    function at(List storage list, uint256 index) internal view returns (uint256) {
        uint256 lane = index + 1;
        return uint64(list.words[lane / 4] >> ((lane % 4) * _LANE_BITS));
    }

    /// @notice The ids at indexes `[start, end)`, which the caller keeps within the length (`start <= end`).
    function slice(List storage list, uint256 start, uint256 end) internal view returns (uint256[] memory ids) {
        ids = new uint256[](end - start);
        for (uint256 i = start; i < end; ++i) {
            ids[i - start] = at(list, i);
        }
    }
}
