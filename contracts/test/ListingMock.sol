// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title ListingMock
/// @notice What the registry test doubles share: per id, an owner, a fee and an active flag, with a setter for each.
/// @dev Unknown ids revert with the error the derived mock's real registry uses (`_revertUnknown`).
abstract contract ListingMock {
    struct Listing {
        address owner;
        uint256 fee;
        bool active;
        bool exists;
    }

    mapping(uint256 id => Listing) private _listings;

    modifier known(uint256 id) {
        if (!_listings[id].exists) _revertUnknown(id);
        _;
    }

    /// @notice Stands for an ERC-721 transfer of the listed agent or model.
    function setOwner(uint256 id, address owner) external known(id) {
        _listings[id].owner = owner;
    }

    function setFee(uint256 id, uint256 fee) external known(id) {
        _listings[id].fee = fee;
    }

    function setActive(uint256 id, bool active) external known(id) {
        _listings[id].active = active;
    }

    /// @dev Creates or overwrites the listing of `id`.
    function _list(uint256 id, address owner, uint256 fee, bool active) internal {
        _listings[id] = Listing(owner, fee, active, true);
    }

    /// @dev The listing of `id` (all zero if unknown).
    function _listing(uint256 id) internal view returns (Listing storage) {
        return _listings[id];
    }

    /// @dev Reverts with the real registry's error for an unknown `id`.
    function _revertUnknown(uint256 id) internal pure virtual;
}
