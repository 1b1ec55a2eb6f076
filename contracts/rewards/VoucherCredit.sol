// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IVoucherCredit} from "../interfaces/IVoucherCredit.sol";

/// @title VoucherCredit
/// @notice The credit half of batched pay-per-inference (IVoucherCredit): payers' credit and its delayed
/// withdrawals, the bitmap of spent voucher nonces, and the EIP-712 check of a voucher's signature. The contract
/// that holds the money (AttributionRewards) moves the tokens and pays the vouchers.
/// @dev Only EOAs can pay by voucher: an ERC-1271 payer's check would be a call into the payer's code, which could
/// burn the batch's gas and sink everyone else's vouchers in it.
abstract contract VoucherCredit is IVoucherCredit, EIP712 {
    // ------------------------------------------------------------------------------------------------------------
    // Constants and immutables
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IVoucherCredit
    /// @dev A day: the time an operator has to submit the vouchers it accepted once a withdrawal is announced.
    uint64 public constant CREDIT_WITHDRAWAL_DELAY = 1 days;
    /// @inheritdoc IVoucherCredit
    /// @dev A full batch of vouchers through an agent costs a few million gas, far below the block gas limit.
    uint256 public constant MAX_BATCH_VOUCHERS = 200;

    bytes32 private constant _VOUCHER_TYPEHASH = keccak256(
        "Voucher(address payer,bytes32 inferenceId,uint256 modelId,uint256 agentId,uint256 maxPrice,uint256 deadline,uint256 nonce)"
    );

    // ------------------------------------------------------------------------------------------------------------
    // Storage
    // ------------------------------------------------------------------------------------------------------------

    mapping(address payer => uint256) private _credit;
    uint256 private _totalCredit;
    mapping(address payer => CreditWithdrawal) private _withdrawals;
    mapping(address payer => mapping(uint256 word => uint256 bits)) private _nonceBitmap;

    // ------------------------------------------------------------------------------------------------------------
    // Constructor
    // ------------------------------------------------------------------------------------------------------------

    /// @param name The EIP-712 domain name (the version is "1"); the domain also binds the chain id and contract.
    constructor(string memory name) EIP712(name, "1") {}

    // ------------------------------------------------------------------------------------------------------------
    // External views
    // ------------------------------------------------------------------------------------------------------------

    /// @inheritdoc IVoucherCredit
    function creditOf(address payer) external view returns (uint256) {
        return _credit[payer];
    }

    /// @inheritdoc IVoucherCredit
    function totalCredit() external view returns (uint256) {
        return _totalCredit;
    }

    /// @inheritdoc IVoucherCredit
    function creditWithdrawalOf(address payer) external view returns (CreditWithdrawal memory) {
        return _withdrawals[payer];
    }

    /// @inheritdoc IVoucherCredit
    function isNonceUsed(address payer, uint256 nonce) external view returns (bool) {
        return _isNonceUsed(payer, nonce);
    }

    /// @inheritdoc IVoucherCredit
    function nonceBitmap(address payer, uint256 word) external view returns (uint256) {
        return _nonceBitmap[payer][word];
    }

    /// @inheritdoc IVoucherCredit
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32) {
        return _voucherDigest(voucher);
    }

    // ------------------------------------------------------------------------------------------------------------
    // Internal functions
    // ------------------------------------------------------------------------------------------------------------

    /// @dev Books a deposit that the caller has already received in full.
    function _addCredit(address payer, uint256 amount) internal {
        if (amount == 0) revert ZeroCreditAmount();
        uint256 credit = _credit[payer] + amount;
        _credit[payer] = credit;
        _totalCredit += amount;
        emit CreditDeposited(payer, amount, credit);
    }

    /// @dev Records (or replaces) the payer's request; the delay restarts, so a request cannot be pre-aged.
    function _requestWithdrawal(address payer, uint256 amount) internal {
        if (amount == 0) revert ZeroCreditAmount();
        uint256 credit = _credit[payer];
        if (amount > credit) revert CreditTooLow(payer, credit, amount);
        uint64 readyAt = uint64(block.timestamp) + CREDIT_WITHDRAWAL_DELAY;
        // SafeCast: `amount` is at most the payer's credit, which no real supply brings near 2^192; a token that
        // did would revert here rather than record a truncated request.
        _withdrawals[payer] = CreditWithdrawal(SafeCast.toUint192(amount), readyAt);
        emit CreditWithdrawalRequested(payer, amount, readyAt);
    }

    /// @dev Removes the ready withdrawal's amount from the payer's credit (effects only); the caller sends it.
    function _takeWithdrawal(address payer, address to) internal returns (uint256 amount) {
        CreditWithdrawal memory request = _withdrawals[payer];
        if (request.readyAt == 0) revert NoCreditWithdrawal(payer);
        if (block.timestamp < request.readyAt) revert CreditWithdrawalNotReady(payer, request.readyAt);
        uint256 credit = _credit[payer];
        amount = request.amount < credit ? request.amount : credit;
        if (amount == 0) revert NothingToWithdraw(payer);
        delete _withdrawals[payer];
        // unchecked: amount <= credit, one of the balances `_totalCredit` sums.
        unchecked {
            _credit[payer] = credit - amount;
            _totalCredit -= amount;
        }
        emit CreditWithdrawn(payer, to, amount);
    }

    /// @dev Takes `amount` from the payer's credit for a voucher; the caller checked that the credit covers it.
    function _spendCredit(address payer, uint256 amount) internal {
        // unchecked: the caller checked amount <= _credit[payer] <= _totalCredit.
        unchecked {
            _credit[payer] -= amount;
            _totalCredit -= amount;
        }
    }

    /// @dev Marks the nonce spent; the caller checked that it was not.
    function _useNonce(address payer, uint256 nonce) internal {
        _nonceBitmap[payer][nonce >> 8] |= 1 << (nonce & 0xff);
    }

    /// @dev The checks of a voucher that read only the voucher and its nonce: deadline, id, signature, replay.
    /// `reason` is meaningful only when `valid` is false.
    function _checkVoucher(
        Voucher calldata voucher,
        bytes calldata signature
    ) internal view returns (bool valid, SkipReason reason) {
        if (block.timestamp > voucher.deadline) return (false, SkipReason.Expired);
        if (voucher.inferenceId == bytes32(0)) return (false, SkipReason.ZeroInferenceId);
        (address signer, ECDSA.RecoverError error, ) = ECDSA.tryRecoverCalldata(_voucherDigest(voucher), signature);
        if (error != ECDSA.RecoverError.NoError) return (false, SkipReason.MalformedSignature);
        if (signer != voucher.payer) return (false, SkipReason.SignerNotPayer);
        if (_isNonceUsed(voucher.payer, voucher.nonce)) return (false, SkipReason.NonceUsed);
        return (true, reason);
    }

    function _voucherCredit(address payer) internal view returns (uint256) {
        return _credit[payer];
    }

    /// @dev Credit is owed to its payers: part of what the contract must hold.
    function _totalCreditOwed() internal view returns (uint256) {
        return _totalCredit;
    }

    function _isNonceUsed(address payer, uint256 nonce) private view returns (bool) {
        return _nonceBitmap[payer][nonce >> 8] & (1 << (nonce & 0xff)) != 0;
    }

    function _voucherDigest(Voucher calldata voucher) private view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(_VOUCHER_TYPEHASH, voucher)));
    }
}
