// Paying by voucher from the operations layer: a batch of one from the payer's credit, refused before sending when
// the credit is short.
import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { InsufficientCredit, depositCreditApproving, payByVoucher } from "../../src/ops/vouchers";
import { AGENT, MODEL, deployRewards, inferenceId } from "../helpers/rewards";
import { expectSolvent } from "../helpers/rewardsLedger";
import { PRICE } from "../rewards/fixtures";

describe("ops: vouchers", function () {
  it("pays an inference from the payer's credit with one voucher, and books it as paid", async function () {
    const { rewards, token, payer } = await loadFixture(deployRewards);
    const { credit } = await depositCreditApproving({ token, rewards }, payer, PRICE);
    expect(credit).to.equal(PRICE);
    const id = inferenceId();
    const receipt = await payByVoucher(rewards, payer, {
      inferenceId: id,
      modelId: MODEL,
      agentId: AGENT,
      price: PRICE,
    });
    expect(receipt.status).to.equal(1);
    expect(await rewards.isInferencePaid(payer, MODEL, AGENT, id)).to.equal(true);
    expect(await rewards.creditOf(payer)).to.equal(0n);
    await expectSolvent(rewards, token);
  });

  it("refuses to pay when the credit is below the price, sending nothing", async function () {
    const { rewards, payer } = await loadFixture(deployRewards);
    const nonce = await payer.getNonce();
    const payment = { inferenceId: inferenceId(), modelId: MODEL, agentId: AGENT, price: PRICE };
    await expect(payByVoucher(rewards, payer, payment)).to.be.rejectedWith(InsufficientCredit, "deposit");
    expect(await payer.getNonce()).to.equal(nonce);
  });
});
