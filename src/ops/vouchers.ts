// Pay-per-inference by voucher: a payer's credit, its EIP-712 vouchers, and the batch an operator submits.
import { Signature, formatEther, randomBytes, toBigInt, type ContractTransactionReceipt, type Signer } from "ethers";
import type { AttributionRewards, OpenToken } from "../../typechain-types";
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
  // The contract's own ERC-5267 domain, so that a signer never guesses the name, version, chain or address.
  const { name, version, chainId, verifyingContract } = await rewards.eip712Domain();
  const domain = {
    name,
    version,
    chainId: overrides.chainId ?? chainId,
    verifyingContract: overrides.verifyingContract ?? verifyingContract,
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

/**
 * Pays one inference at `price` from the payer's credit: signs a voucher (valid for an hour, a random unused nonce)
 * and submits it as a batch of one. Fails before sending when the credit is short, and with the skip reason if the
 * contract skipped it (the batch itself never reverts on a bad voucher).
 */
export async function payByVoucher(
  rewards: AttributionRewards,
  payer: Signer,
  payment: { inferenceId: string; modelId: bigint; agentId: bigint; price: bigint },
): Promise<ContractTransactionReceipt> {
  const address = await payer.getAddress();
  const credit = await rewards.creditOf(address);
  if (credit < payment.price) throw new InsufficientCredit(address, credit, payment.price);
  const latest = await payer.provider!.getBlock("latest");
  const voucher: Voucher = {
    payer: address,
    inferenceId: payment.inferenceId,
    modelId: payment.modelId,
    agentId: payment.agentId,
    maxPrice: payment.price,
    deadline: BigInt(latest!.timestamp) + 3_600n,
    nonce: await freshNonce(rewards, address, () => toBigInt(randomBytes(8))),
  };
  const result = await payBatch(rewards, payer, [await signVoucher(rewards, payer, voucher)]);
  const [skipped] = result.skipped;
  if (skipped) throw new Error(`the voucher for inference ${payment.inferenceId} was skipped: ${skipped.reason}`);
  return result.transactions[0];
}

/** The payer's voucher credit is below what it is to pay. */
export class InsufficientCredit extends Error {
  override name = "InsufficientCredit";
  constructor(
    readonly payer: string,
    readonly credit: bigint,
    readonly price: bigint,
  ) {
    super(
      `${payer} has ${formatEther(credit)} OPEN of voucher credit, less than the price of ${formatEther(price)} OPEN: ` +
        "deposit with rewards:deposit-credit first",
    );
  }
}

/** Approves and deposits `amount` OPEN of `payer` as voucher credit; returns the credit after it. */
export async function depositCreditApproving(
  suite: { token: OpenToken; rewards: AttributionRewards },
  payer: Signer,
  amount: bigint,
): Promise<OpResult & { credit: bigint }> {
  const approved = await mined(suite.token.connect(payer).approve(await suite.rewards.getAddress(), amount));
  const deposited = await mined(suite.rewards.connect(payer).depositCredit(amount));
  return { transactions: [approved, deposited], credit: await suite.rewards.creditOf(await payer.getAddress()) };
}
