// Phase 7: the epochs: paid inferences, settlement, the challenge window, then the claims.
import path from "node:path";
import { parseEther } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { inferAndPay } from "../../ops/factory";
import { claimWithProofs, settleNextEpoch } from "../../ops/settlement";
import { depositCreditApproving } from "../../ops/vouchers";
import { book, makeActor, type SimState } from "../state";
import type { PhaseContext } from "./phase";

const USER_CREDIT = parseEther("50000");

/** Two users pay for `options.inferences` inferences spread over `options.epochs` epochs. */
export async function runEpochs(state: SimState, context: PhaseContext): Promise<void> {
  state.users.push(
    await makeActor(state, "user1", "user", parseEther("100000")),
    await makeActor(state, "user2", "user", parseEther("100000")),
  );
  if (state.options.pay === "voucher") {
    // Paying by voucher draws on credit: each user deposits half its OPEN up front, more than a run spends.
    for (const user of state.users) {
      book(state, "rewards.depositCredit", await depositCreditApproving(state.suite, user.signer, USER_CREDIT));
    }
  }
  const { inferences, epochs } = state.options;
  const perEpoch = Math.ceil(inferences / epochs);
  for (let e = 1, done = 0; e <= epochs; e++) {
    const count = Math.min(perEpoch, inferences - done);
    await runEpoch(state, context, e, { first: done, count });
    done += count;
  }
}

/**
 * Epoch `e`: inferences number `first` to `first + count - 1` of the run, the scenario's hooks around its
 * settlement, then user2 claims for everyone.
 */
async function runEpoch(
  state: SimState,
  { progress }: PhaseContext,
  e: number,
  { first, count }: { first: number; count: number },
) {
  const { datanet, models, rewards } = state.suite;
  const before = await rewardsTotals(state);
  progress.phase(`epoch ${e}: inferences`, count);
  for (let i = 0; i < count; i++) {
    await infer(state, i, first + i);
    progress.tick();
  }
  progress.done();
  await state.scenario.beforeSettle?.(state, e);
  const after = await rewardsTotals(state);

  const settled = await settleNextEpoch({ datanet, models, rewards }, state.store, state.attributor, {
    log: state.log,
    baseDir: path.join(state.workDir, "settlements"),
  });
  book(state, "rewards.postRoot", settled);
  state.proofs.push(settled.proofs);
  await state.scenario.afterPost?.(state, { epoch: e, proofs: settled.proofs });
  await advanceClock(state.hre, Number(await rewards.challengeWindow()) + 1);

  await state.scenario.afterSettle?.(state, { epoch: e, proofs: settled.proofs });
  book(state, "rewards.claimMany", await claimWithProofs(rewards, state.users[1].signer, settled.proofs));

  state.epochs.push({
    epoch: settled.epoch,
    inferences: count,
    protocol: after.protocol - before.protocol,
    agentOwners: after.agentOwners - before.agentOwners,
    modelOwners: after.modelOwners - before.modelOwners,
    dataPool: after.dataPool - before.dataPool,
  });
}

/**
 * The i-th inference of an epoch, the n-th of the run (its sampling seed): every other one through an agent, its
 * prompt six words of a random source.
 */
async function infer(state: SimState, i: number, n: number) {
  const { agentIds, modelIds, sources } = state;
  const viaAgent = i % 2 === 1 && agentIds.length > 0;
  const agentId = viaAgent ? agentIds[i % agentIds.length] : 0n;
  const modelId = viaAgent ? (await state.suite.agents.modelsOf(agentId))[0] : modelIds[i % modelIds.length];
  const random = state.random.prompts;
  const sample = sources[Math.floor(random() * sources.length)].text.split(/\s+/).filter(Boolean);
  const start = Math.floor(random() * Math.max(sample.length - 8, 1));
  const inferred = await inferAndPay(state.suite, state.users[i % state.users.length].signer, {
    modelId,
    agentId,
    prompt: sample.slice(start, start + 6).join(" "),
    seed: `${state.options.seed}:${n}`,
    maxTokens: 60,
    modelsDir: state.modelsDir,
    voucher: state.options.pay === "voucher",
  });
  const operation =
    state.options.pay === "voucher" ? "rewards.payByVoucher" : viaAgent ? "rewards.payViaAgent" : "rewards.pay";
  const { price: _price, transactions: _sent, ...entry } = book(state, operation, inferred);
  // The log holds what the settlement publishes: the entry alone.
  state.log.push(entry);
}

/** Moves the chain's clock past a challenge window: only a local node (Hardhat, anvil) can do that. */
export async function advanceClock(hre: HardhatRuntimeEnvironment, seconds: number): Promise<void> {
  try {
    await hre.network.provider.send("evm_increaseTime", [seconds]);
    if (seconds > 0) await hre.network.provider.send("evm_mine", []);
  } catch (error) {
    throw new Error(
      `network "${hre.network.name}" cannot advance time (evm_increaseTime): the simulation waits out ` +
        `challenge windows, so it runs on a local chain (the embedded one, npx hardhat node or anvil); ` +
        `${(error as Error).message}`,
    );
  }
}

/** Running totals by role, read from the receipts so far. */
async function rewardsTotals(state: SimState) {
  const { rewards } = state.suite;
  const events = await rewards.queryFilter(rewards.filters.InferencePaid());
  const totals = { protocol: 0n, agentOwners: 0n, modelOwners: 0n, dataPool: 0n };
  for (const event of events) {
    const split = event.args.split;
    totals.protocol += split.protocolAmount;
    totals.agentOwners += split.agentOwnerAmount;
    // A base model's royalty is a model owner's and a data pool's money too.
    totals.modelOwners += split.modelOwnerAmount + split.baseOwnerAmount;
    totals.dataPool += split.dataPoolAmount + split.baseDataPoolAmount;
  }
  return totals;
}
