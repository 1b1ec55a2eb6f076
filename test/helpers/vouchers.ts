// Vouchers for the batched-payment tests: a payer's signed voucher with sensible defaults, and the nonce bitmap read.
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { Signer } from "ethers";
import type { AttributionRewards } from "../../typechain-types";
import { signVoucher, type DomainOverrides, type SignedVoucher, type Voucher } from "../../src/ops/vouchers";
import { AGENT, AGENT_FEE, MODEL, MODEL_FEE, inferenceId } from "./rewards";

let nonces = 0n;

/** A voucher of `payer` for one inference of MODEL through AGENT at its price, valid for an hour, with a fresh nonce. */
export async function voucherOf(payer: Signer, fields: Partial<Voucher> = {}): Promise<Voucher> {
  return {
    payer: await payer.getAddress(),
    inferenceId: inferenceId(),
    modelId: MODEL,
    agentId: AGENT,
    maxPrice: MODEL_FEE + AGENT_FEE,
    deadline: BigInt(await time.latest()) + 3_600n,
    nonce: ++nonces,
    ...fields,
  };
}

/** `signer` signs a voucher of `payer` (by default the payer itself signs). */
export async function signed(
  rewards: AttributionRewards,
  payer: Signer,
  fields: Partial<Voucher> = {},
  options: { signer?: Signer; domain?: DomainOverrides } = {},
): Promise<SignedVoucher> {
  const voucher = await voucherOf(payer, fields);
  const { signature } = await signVoucher(rewards, options.signer ?? payer, voucher, options.domain);
  return { voucher, signature };
}

/** The payers' credit, pending withdrawals and nonce words a voucher could touch: unchanged when it is skipped. */
export async function voucherState(rewards: AttributionRewards, vouchers: readonly SignedVoucher[]) {
  return Promise.all(
    vouchers.map(async ({ voucher }) => [
      await rewards.isNonceUsed(voucher.payer, voucher.nonce),
      await rewards.isInferencePaid(voucher.payer, voucher.modelId, voucher.agentId, voucher.inferenceId),
    ]),
  );
}
