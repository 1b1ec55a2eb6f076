// Gas of pay-per-inference by voucher: a batch of BATCH_VOUCHERS signed vouchers, with distinct accounts for every role.
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { Wallet, id, parseEther, type Signer } from "ethers";
import type { Suite } from "../chain/deploy";
import { registerAgent, registerModel } from "../ops/factory";
import { mined } from "../ops/result";
import { payBatch, signVoucher, type SignedVoucher } from "../ops/vouchers";

/** Vouchers in the measured batch. */
export const BATCH_VOUCHERS = 100;

const MODEL_FEE = 10n ** 18n;
const AGENT_FEE = 10n ** 17n;
/**
 * A fixed deadline (2100-01-01) and a payer whose key signs here, deterministically (RFC 6979), so that the vouchers,
 * and with them the calldata's zero bytes and the gas, are the same on every run: a deadline from the clock, or a
 * node that signs with fresh randomness, changes the signatures and the gas per inference by a unit or two.
 */
const DEADLINE = 4_102_444_800n;
const PAYER_KEY = id("openledger bench: the voucher payer");

/**
 * Gas per inference of `payBatch` for BATCH_VOUCHERS vouchers through an agent, on a model trained on the datanet
 * version of `lineageOf` (model `lineageModelId`). The treasury is the deployer; the model owner, the agent owner,
 * the payer and the operator who submits are four other accounts. Measured on a second batch, after a first one
 * made the accruals, pools and the payer's nonce word non-zero, as they are on a live contract.
 */
export async function benchPayBatch(
  hre: HardhatRuntimeEnvironment,
  suite: Suite,
  lineageModelId: bigint,
): Promise<number> {
  const { token, models, agents, rewards } = suite;
  const [deployer, , modelOwner, agentOwner, , operator] = await hre.ethers.getSigners();
  const payer = new Wallet(PAYER_KEY, hre.ethers.provider);
  const lineage = (await models.lineageOf(lineageModelId)).map((e) => ({
    datanetId: e.datanetId,
    version: e.version,
    weightBps: e.weightBps,
  }));
  const { modelId } = await registerModel(models, modelOwner, {
    metadataURI: "bench://voucher-model",
    weightsHash: hre.ethers.id("voucher-model"),
    feePerInference: MODEL_FEE,
    supersedes: 0n,
    lineage,
  });
  const { agentId } = await registerAgent(agents, agentOwner, "bench://voucher-agent", [modelId], AGENT_FEE);
  const price = MODEL_FEE + AGENT_FEE;
  const credit = price * BigInt(2 * BATCH_VOUCHERS);
  await (await deployer.sendTransaction({ to: payer.address, value: parseEther("0.1") })).wait();
  await mined(token.connect(deployer).transfer(payer.address, credit));
  await mined(token.connect(payer).approve(await rewards.getAddress(), credit));
  await mined(rewards.connect(payer).depositCredit(credit));

  let nonce = 0n;
  const batch = async (): Promise<SignedVoucher[]> => {
    const signed: SignedVoucher[] = [];
    for (let i = 0; i < BATCH_VOUCHERS; i++) {
      const voucher = {
        payer: payer.address,
        inferenceId: hre.ethers.id(`bench voucher ${nonce}`),
        modelId,
        agentId,
        maxPrice: price,
        deadline: DEADLINE,
        nonce: nonce++,
      };
      signed.push(await signVoucher(rewards, payer, voucher));
    }
    return signed;
  };
  await payBatch(rewards, operator as Signer, await batch());
  const measured = await payBatch(rewards, operator as Signer, await batch());
  if (measured.skipped.length !== 0) throw new Error(`the bench batch skipped ${measured.skipped.length} vouchers`);
  return Math.round(Number(measured.transactions[0].gasUsed) / BATCH_VOUCHERS);
}
