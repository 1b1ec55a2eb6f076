// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IDatanet} from "../interfaces/IDatanet.sol";

/// @title ContentClaims
/// @notice Who may hold a content hash in a datanet: commitments to contribute (commit–reveal) and the claim rule.
/// @dev The rule, one slot per (datanet, content hash): a hash is free, held by a pending or approved contribution,
/// or held until its cooldown ends by a rejected one. Each holder records the block of its commitment (a one-step
/// contribution commits and reveals in its own block). A claim made with a commitment from a strictly earlier block
/// displaces a pending holder; an approved holder is final; equal blocks keep the holder (first revealed wins). While
/// a rejection cools down, only its contributor, or a commitment older than the rejected one, may claim the hash.
library ContentClaims {
    /// @dev A content hash's holder: one word (`slotWord`), written whenever a contribution takes the hash. A holder
    /// that leaves (withdrawn, rejected) keeps the slot, and its status says whether the hash is free: see `find`.
    struct Slot {
        uint64 contributionId; // 0: never held
        uint64 committedBlock; // block of the holder's commitment
    }

    /// @dev A slot as stored: its word, behind a struct so that one storage pointer serves its read and its write.
    struct Stored {
        uint256 word;
    }

    /// @dev What the rule reads of the holder's record.
    struct Holder {
        address contributor;
        IDatanet.Status status;
        uint256 cooldownEnds; // once rejected: until when only its contributor, or an older commitment, may claim
    }

    /// @dev What a claim on a hash finds.
    enum Finding {
        Free,
        Displace, // a pending holder with a later commitment: the claim takes its place
        Taken, // a holder that keeps the hash: approved, or pending with an earlier or equal commitment
        Cooling // a rejected holder's cooldown that the claimant may not break
    }

    uint256 private constant _ID_BITS = 64;

    /// @notice The stored word of a slot; the caller keeps both values below 2^64.
    function slotWord(uint256 contributionId, uint256 committedBlock) internal pure returns (uint256) {
        return contributionId | (committedBlock << _ID_BITS);
    }

    /// @notice The slot a stored word holds (all zero: never held).
    function slotOf(uint256 word) internal pure returns (Slot memory) {
        return Slot({contributionId: uint64(word), committedBlock: uint64(word >> _ID_BITS)});
    }

    /// @notice The commitment a contributor publishes first: it hides the hash and binds it to its contributor.
    function commitmentFor(
        uint256 datanetId,
        bytes32 contentHash,
        address contributor,
        bytes32 salt
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(datanetId, contentHash, contributor, salt));
    }

    /// @notice Records `commitment` now unless a live record of it exists (the earliest stands); returns whether it
    /// wrote. Skipping rather than reverting means that nobody can make a commit batch fail by committing one of its
    /// commitments first, which could only make that commitment older, never anyone else's.
    function record(
        mapping(bytes32 => IDatanet.Commitment) storage commitments,
        bytes32 commitment,
        uint256 revealWindow
    ) internal returns (bool recorded) {
        if (commitment == bytes32(0)) revert IDatanet.ZeroCommitment();
        IDatanet.Commitment storage c = commitments[commitment];
        uint64 at = c.timestamp;
        if (at != 0 && block.timestamp <= at + revealWindow) return false;
        // block numbers and timestamps fit 64 bits for billions of years
        c.blockNumber = uint64(block.number);
        c.timestamp = uint64(block.timestamp);
        return true;
    }

    /// @notice Spends `commitment`, which must have been recorded in an earlier block and within the window;
    /// returns the block it was recorded in.
    function consume(
        mapping(bytes32 => IDatanet.Commitment) storage commitments,
        bytes32 commitment,
        uint256 revealWindow
    ) internal returns (uint64 committedBlock) {
        IDatanet.Commitment memory c = commitments[commitment];
        if (c.timestamp == 0) revert IDatanet.UnknownCommitment(commitment);
        if (block.number <= c.blockNumber) revert IDatanet.RevealTooEarly(commitment, c.blockNumber);
        uint256 expiresAt = c.timestamp + revealWindow;
        if (block.timestamp > expiresAt) revert IDatanet.CommitmentExpired(commitment, expiresAt);
        delete commitments[commitment];
        return c.blockNumber;
    }

    /// @notice What a claim by `claimant` with a commitment from `committedBlock` finds in `slot`, given its holder
    /// (ignored when the slot was never held).
    function find(
        Slot memory slot,
        uint256 committedBlock,
        address claimant,
        Holder memory holder
    ) internal view returns (Finding) {
        if (slot.contributionId == 0) return Finding.Free;
        IDatanet.Status status = holder.status;
        if (status == IDatanet.Status.Withdrawn || status == IDatanet.Status.Displaced) return Finding.Free;
        bool older = committedBlock < slot.committedBlock;
        if (status == IDatanet.Status.Rejected) {
            if (block.timestamp >= holder.cooldownEnds || claimant == holder.contributor || older) return Finding.Free;
            return Finding.Cooling;
        }
        if (older && status == IDatanet.Status.Pending) return Finding.Displace;
        return Finding.Taken;
    }
}
