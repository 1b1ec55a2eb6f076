// Pay-per-inference by voucher: a payer's credit, its EIP-712 vouchers, and the batch an operator submits.
import { Signature, type Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { mined, type OpResult } from "./result";

/** What a payer signs for one inference (the contract's `Voucher`). */
export interface Voucher {
  payer: string;
  inferenceId: string;
  modelId: bigint;
  agentId: bigint;
  maxPrice: bigint;
  deadline: bigint;
  nonce: bigint;
}

/** A voucher with its payer's signature, as `payBatch` takes it. */
export interface SignedVoucher {
  voucher: Voucher;
  signature: string;
}

/** Why the contract skipped a voucher (`IVoucherCredit.SkipReason`, in its order). */
export const SKIP_REASONS = [
  "Expired",
  "ZeroInferenceId",
  "MalformedSignature",
  "SignerNotPayer",
  "NonceUsed",
  "AlreadyPaid",
  "NotPayable",
  "PriceAboveMaximum",
  "InsufficientCredit",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** The EIP-712 type of a voucher, field for field as the contract hashes it. */
export const VOUCHER_TYPES = {
  Voucher: [
    { name: "payer", type: "address" },
    { name: "inferenceId", type: "bytes32" },
    { name: "modelId", type: "uint256" },
    { name: "agentId", type: "uint256" },
    { name: "maxPrice", type: "uint256" },
    { name: "deadline", type: "uint256" },
    { name: "nonce", type: "uint256" },
  ],
};

/** Overrides that forge another domain (tests of the contract's refusals). */
export interface DomainOverrides {
  chainId?: bigint;
  verifyingContract?: string;
}

/** Signs `voucher` as `payer` for the rewards contract on its chain (the voucher's payer must be the signer). */
export async function signVoucher(
  rewards: AttributionRewards,
  payer: Signer,
  voucher: Voucher,
  overrides: DomainOverrides = {},
): Promise<SignedVoucher> {
  const { chainId } = await payer.provider!.getNetwork();
  const domain = {
    name: "AttributionRewards",
    version: "1",
    chainId: overrides.chainId ?? chainId,
    verifyingContract: overrides.verifyingContract ?? (await rewards.getAddress()),
  };
  const signature = await payer.signTypedData(domain, VOUCHER_TYPES, voucher);
  return { voucher, signature: Signature.from(signature).serialized };
}

/** What a submitted batch did: the inference ids paid and each skipped voucher with its reason. */
export interface BatchPaid extends OpResult {
  paid: { payer: string; inferenceId: string; price: bigint }[];
  skipped: { payer: string; nonce: bigint; inferenceId: string; reason: SkipReason }[];
}

/** Submits `batch` (1 to MAX_BATCH_VOUCHERS vouchers) as `operator`; anyone may submit anyone's vouchers. */
export async function payBatch(
  rewards: AttributionRewards,
  operator: Signer,
  batch: readonly SignedVoucher[],
): Promise<BatchPaid> {
  const receipt = await mined(rewards.connect(operator).payBatch([...batch]));
  const result: BatchPaid = { transactions: [receipt], paid: [], skipped: [] };
  for (const log of receipt.logs) {
    const parsed = rewards.interface.parseLog(log);
    if (parsed?.name === "InferencePaid") {
      const { payer, inferenceId, price } = parsed.args;
      result.paid.push({ payer, inferenceId, price });
    } else if (parsed?.name === "VoucherSkipped") {
      const { payer, nonce, inferenceId, reason } = parsed.args;
      result.skipped.push({ payer, nonce, inferenceId, reason: SKIP_REASONS[Number(reason)] });
    }
  }
  return result;
}

/** Deposits `amount` OPEN of `payer` as voucher credit, from an allowance it already gave. */
export async function depositCredit(rewards: AttributionRewards, payer: Signer, amount: bigint): Promise<OpResult> {
  return { transactions: [await mined(rewards.connect(payer).depositCredit(amount))] };
}

/**
 * A nonce the payer has not spent, from a random word so that independent signers (several processes of one payer)
 * do not collide; checked against the contract's bitmap.
 */
export async function freshNonce(rewards: AttributionRewards, payer: string, random: () => bigint): Promise<bigint> {
  for (;;) {
    const nonce = random();
    if (!(await rewards.isNonceUsed(payer, nonce))) return nonce;
  }
}
