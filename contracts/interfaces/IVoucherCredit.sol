// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IPermitPull} from "./IPermitPull.sol";
import {ISharedErrors} from "./ISharedErrors.sol";

/// @title IVoucherCredit
/// @notice Batched pay-per-inference. A payer deposits OPEN as credit and signs EIP-712 vouchers (one per inference,
/// bound to this chain and contract); anyone submits them in a batch with `payBatch`, and each valid voucher is paid
/// from the payer's credit and split exactly as `payInference` would split it, with the same `InferencePaid`
/// receipt. An invalid voucher is skipped with `VoucherSkipped` naming the reason, never reverting the batch.
/// @dev Credit leaves only through a withdrawal requested CREDIT_WITHDRAWAL_DELAY in advance, so an operator who
/// accepted vouchers has that long to submit them after the request is announced. A voucher's nonce is spent only
/// when it is paid (a bitmap of 256 nonces per storage word per payer); a skipped voucher moves nothing.
interface IVoucherCredit is ISharedErrors, IPermitPull {
    /// @notice What a payer signs for one inference (EIP-712 type `Voucher`).
    struct Voucher {
        address payer; // the signer, whose credit pays
        bytes32 inferenceId; // the payer's id: the payment is keyed by (payer, model, agent, id) as any payment
        uint256 modelId;
        uint256 agentId; // 0 for none
        uint256 maxPrice; // the most the payer agrees to pay for this inference
        uint256 deadline; // the last timestamp at which the voucher may be paid
        uint256 nonce; // any unused nonce of the payer: vouchers need not be paid in order
    }

    /// @notice A voucher with the payer's 65-byte signature of its EIP-712 digest.
    struct SignedVoucher {
        Voucher voucher;
        bytes signature;
    }

    /// @notice A payer's pending credit withdrawal.
    struct CreditWithdrawal {
        uint192 amount; // at most this much leaves (less if vouchers spent the credit meanwhile)
        uint64 readyAt; // the timestamp from which it can be completed
    }

    /// @notice Why a voucher of a batch was skipped.
    enum SkipReason {
        Expired, // past its deadline
        ZeroInferenceId, // the inference id is zero
        MalformedSignature, // not a valid 65-byte low-s ECDSA signature
        SignerNotPayer, // signed by someone else, or for another chain, contract or voucher
        NonceUsed, // the payer already spent this nonce (a replay)
        AlreadyPaid, // this inference of this payer, model and agent was paid before
        NotPayable, // a single payment would revert: model or agent inactive or unknown, agent not using the model,...
        PriceAboveMaximum, // the price is above the voucher's maximum
        InsufficientCredit // the payer's credit is below the price
    }

    /// @notice A credit amount was zero.
    error ZeroCreditAmount();
    /// @notice The payer asked to withdraw more credit than it holds.
    error CreditTooLow(address payer, uint256 credit, uint256 requested);
    /// @notice The payer has no pending credit withdrawal.
    error NoCreditWithdrawal(address payer);
    /// @notice The payer's credit withdrawal cannot be completed before `readyAt`.
    error CreditWithdrawalNotReady(address payer, uint64 readyAt);

    /// @notice OPEN was deposited as the payer's credit; `credit` is the payer's credit after it.
    event CreditDeposited(address indexed payer, uint256 amount, uint256 credit);
    /// @notice The payer asked to withdraw up to `amount` of its credit from `readyAt` (replacing any earlier request).
    event CreditWithdrawalRequested(address indexed payer, uint256 amount, uint64 readyAt);
    /// @notice Credit left the contract to `to`.
    event CreditWithdrawn(address indexed payer, address indexed to, uint256 amount);
    /// @notice A voucher of a batch was skipped and nothing moved for it.
    event VoucherSkipped(address indexed payer, uint256 indexed nonce, bytes32 inferenceId, SkipReason reason);

    /// @notice Deposits `amount` OPEN of the caller as its credit (transferFrom).
    function depositCredit(uint256 amount) external;

    /// @notice As `depositCredit`, first applying the caller's EIP-2612 permit.
    function depositCreditWithPermit(uint256 amount, Permit calldata permit) external;

    /// @notice Asks to withdraw up to `amount` of the caller's credit after CREDIT_WITHDRAWAL_DELAY. The credit stays
    /// spendable by vouchers until the withdrawal is completed.
    function requestCreditWithdrawal(uint256 amount) external;

    /// @notice Completes the caller's ready withdrawal: sends `min(requested, credit)` to `to`.
    function withdrawCredit(address to) external returns (uint256 amount);

    /// @notice Pays every valid voucher from its payer's credit (1 to MAX_BATCH_VOUCHERS of them), skipping each
    /// invalid one with `VoucherSkipped`. Callable by anyone.
    /// @return paid The number of vouchers paid. @return skipped The number skipped.
    function payBatch(SignedVoucher[] calldata batch) external returns (uint256 paid, uint256 skipped);

    /// @notice The payer's credit: OPEN deposited and not yet spent or withdrawn.
    function creditOf(address payer) external view returns (uint256);

    /// @notice The sum of every payer's credit (part of `totalOwed`).
    function totalCredit() external view returns (uint256);

    /// @notice The payer's pending credit withdrawal (zero if none).
    function creditWithdrawalOf(address payer) external view returns (CreditWithdrawal memory);

    /// @notice Whether the payer has spent `nonce` (a voucher with it was paid).
    function isNonceUsed(address payer, uint256 nonce) external view returns (bool);

    /// @notice The payer's bitmap of spent nonces `word * 256` to `word * 256 + 255` (bit i is nonce word*256+i).
    function nonceBitmap(address payer, uint256 word) external view returns (uint256);

    /// @notice The EIP-712 digest the payer signs for `voucher`.
    function voucherDigest(Voucher calldata voucher) external view returns (bytes32);

    /// @notice How long a credit withdrawal waits between request and completion, in seconds.
    function CREDIT_WITHDRAWAL_DELAY() external view returns (uint64);

    /// @notice The most vouchers one `payBatch` takes.
    function MAX_BATCH_VOUCHERS() external view returns (uint256);
}
