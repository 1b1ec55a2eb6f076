// Phases 3-4: the curator reviews every pending contribution, publishes a version of each datanet, and two late
// submissions leave a withdrawn and a still-pending contribution behind.
import { keccak256, toUtf8Bytes } from "ethers";
import { approvedIndex, novelty } from "../../attribution/novelty";
import { publishVersion, reviewContribution, storedDataCheck, withdrawContribution } from "../../ops/data";
import { book, type SimState } from "../state";
import { submit } from "./contribute";
import { advanceClock } from "./epoch";
import type { PhaseContext } from "./phase";

/** Approves, with the source's quality score, what is Solidity and new to its datanet; rejects the rest. */
export async function curate(state: SimState, { progress }: PhaseContext): Promise<void> {
  const { datanet } = state.suite;
  const curator = state.curator!.signer;
  progress.phase("review", state.pending.length);
  const approvedTexts = new Map<bigint, string[]>();
  for (const rec of state.pending) {
    const texts = approvedTexts.get(rec.datanetId) ?? [];
    const stored = await storedDataCheck(datanet, state.store, rec.contributionId);
    const verdict = stored.ok ? review(rec.text, texts) : { approve: false, reason: `stored data: ${stored.reason}` };
    if (verdict.approve) {
      const approval = { approve: true as const, qualityBps: qualityOf(state.options.seed, rec.source) };
      book(state, "datanet.approve", await reviewContribution(datanet, curator, rec.contributionId, approval));
      texts.push(rec.text);
      approvedTexts.set(rec.datanetId, texts);
    } else {
      const rejection = { approve: false as const };
      book(state, "datanet.reject", await reviewContribution(datanet, curator, rec.contributionId, rejection));
      rec.outcome = "rejected";
      rec.reason = verdict.reason;
    }
    state.contributions.push(rec);
    progress.tick();
  }
  state.pending = [];
  progress.done();
}

/** Publishes a version of every datanet with an approved contribution; a run with none has nothing to train on. */
export async function publish(state: SimState): Promise<void> {
  const approved = new Set(state.contributions.filter((c) => c.outcome === "approved").map((c) => c.datanetId));
  for (const datanetId of state.datanetIds) {
    if (!approved.has(datanetId)) continue;
    const { version } = book(
      state,
      "datanet.publishVersion",
      await publishVersion(state.suite.datanet, state.curator!.signer, datanetId),
    );
    state.versions.push({ datanetId, version });
  }
  if (state.versions.length === 0) throw new Error("no contribution was approved: nothing to train on");
}

/**
 * Late submissions: one withdrawn by its contributor (stake returned), one still pending when the run ends (stake
 * held), so the audit has a stake to find.
 */
export async function submitLate(state: SimState): Promise<void> {
  for (const [i, outcome] of (["withdrawn", "pending"] as const).entries()) {
    const author = state.honest[i % state.honest.length];
    const file = state.pools[i % state.pools.length].pop();
    if (!file) continue;
    const rec = await submit(state, author, i % state.datanetIds.length, file.text, "honest", file.name);
    state.pending.pop();
    rec.outcome = outcome;
    if (outcome === "withdrawn") {
      // A stake can leave only once its datanet's review period has passed without a review.
      const { reviewPeriod } = await state.suite.datanet.getDatanet(rec.datanetId);
      await advanceClock(state.hre, Number(reviewPeriod));
      const withdrawn = await withdrawContribution(state.suite.datanet, author.signer, rec.contributionId);
      book(state, "datanet.withdraw", withdrawn);
    }
    state.contributions.push(rec);
  }
}

/** The curator's checks, run on every pending contribution: is it source code, and is it new to the datanet? */
function review(text: string, approvedTexts: readonly string[]): { approve: boolean; reason: string } {
  if (!/\b(contract|library|interface|function)\b/.test(text) || !/pragma solidity/.test(text)) {
    return { approve: false, reason: "not Solidity source" };
  }
  if (approvedTexts.length > 0) {
    const report = novelty(approvedIndex(approvedTexts.map((text, i) => ({ id: String(i), text }))), text);
    if (report.isCopy)
      return { approve: false, reason: `copy: ${(report.coverage * 100).toFixed(0)}% already approved` };
  }
  return { approve: true, reason: "" };
}

/** The curator's quality score for data from `source`: fixed per source file and seed, whoever submits it. */
function qualityOf(seed: string, source: string): number {
  return 6_000 + Number(BigInt(keccak256(toUtf8Bytes(`${seed}:quality:${source}`))) % 4_001n);
}
