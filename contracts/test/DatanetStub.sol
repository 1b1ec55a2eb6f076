// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title DatanetStub
/// @notice Test-only stand-in for the Datanet: just enough to publish versions and answer `isPublished`, which is
/// all the ModelRegistry reads. Anyone may publish any (datanet, version).
contract DatanetStub {
    mapping(uint256 datanetId => mapping(uint32 version => bool published)) private _published;

    /// @notice Marks `(datanetId, version)` as published.
    function publish(uint256 datanetId, uint32 version) external {
        _published[datanetId][version] = true;
    }

    /// @notice Whether `(datanetId, version)` was published, as IDatanet.isPublished answers.
    function isPublished(uint256 datanetId, uint32 version) external view returns (bool) {
        return _published[datanetId][version];
    }
}
