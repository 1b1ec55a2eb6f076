// The sybil-feedback scenario: fresh accounts that never paid try to review an agent (and a model), naming honest
// payers' inferences and invented ones; honest payers review what they paid for. Feedback moves no money.
import { encodeBytes32String, keccak256, toUtf8Bytes, ZeroHash } from "ethers";
import type { FeedbackRegistry } from "../../../typechain-types";
import { makeActor, type SimState } from "../state";
import { attempt } from "./attempts";
import type { Scenario } from "./scenario";

const SYBILS = 3;
const HONEST_REVIEWS = 3;
const STARRED = encodeBytes32String("starred");
const KIND = { agent: 0, model: 1 } as const;

interface Subject {
  kind: 0 | 1;
  id: bigint;
}

/** What the run showed, per state (a counterfactual run has its own). */
interface Findings {
  subjects: Subject[];
  honestWeight: bigint;
  honestCount: bigint;
  sybilAttempts: number;
  /** Every summary the sybils aimed at, read before and after their attempts. */
  before: bigint[];
  after: bigint[];
}

const findings = new WeakMap<SimState, Findings>();

/** The sums of each subject's overall summary and the registry's feedback count, flattened for comparison. */
async function summaries(feedback: FeedbackRegistry, subjects: Subject[]): Promise<bigint[]> {
  const read = [await feedback.feedbackCount()];
  for (const s of subjects) {
    const summary = await feedback.getSummary(s.kind, s.id, ZeroHash);
    read.push(summary.count, summary.totalWeight, summary.weightedSum);
  }
  return read;
}

/** The first paid inferences of the epoch, one per payer and subject: what honest payers review. */
function honestReviews(state: SimState) {
  return state.log
    .filter((e) => e.payer !== undefined)
    .slice(0, HONEST_REVIEWS)
    .map((e) => {
      const inference = { modelId: BigInt(e.modelId), agentId: BigInt(e.agentId), inferenceId: e.inferenceId };
      const subject: Subject =
        inference.agentId === 0n
          ? { kind: KIND.model, id: inference.modelId }
          : { kind: KIND.agent, id: inference.agentId };
      const payer = state.users.find((u) => u.address.toLowerCase() === e.payer!.toLowerCase());
      return { inference, subject, payer };
    });
}

export const sybilFeedback: Scenario = {
  name: "sybil-feedback",
  description: "accounts that never paid try to review agents and models; they must leave no feedback at all",
  async beforeSettle(state, epoch) {
    if (epoch !== 1) return;
    const { feedback } = state.suite;
    const reviews = honestReviews(state);
    const subjects = reviews.map((r) => r.subject);
    let honestWeight = 0n;
    let honestCount = 0n;
    for (const [i, { inference, subject, payer }] of reviews.entries()) {
      if (!payer) continue;
      const fields = {
        value: 60n + BigInt(i) * 15n,
        valueDecimals: 0,
        tag1: STARRED,
        tag2: ZeroHash,
        endpoint: "",
        feedbackURI: `openledger-sim:review-${i}`,
        feedbackHash: keccak256(toUtf8Bytes(`review ${i} of seed ${state.options.seed}`)),
      };
      await (await feedback.connect(payer.signer).giveFeedback(subject.kind, inference, fields)).wait();
      honestWeight += (await feedback.getFeedback(await feedback.feedbackCount())).weight;
      honestCount += 1n;
    }
    const before = await summaries(feedback, subjects);
    let sybilAttempts = 0;
    for (let k = 0; k < SYBILS; k++) {
      const sybil = await makeActor(state, `feedback sybil ${k + 1}`, "user", 0n);
      for (const [i, { inference, subject }] of reviews.entries()) {
        // An honest payer's inference, copied from the public receipts, and one the sybil makes up.
        const invented = { ...inference, inferenceId: keccak256(toUtf8Bytes(`sybil ${k} invents ${i}`)) };
        for (const [what, named] of [
          ["an honest payer's inference", inference],
          ["an invented inference", invented],
        ] as const) {
          const fields = {
            value: 0n,
            valueDecimals: 0,
            tag1: STARRED,
            tag2: ZeroHash,
            endpoint: "",
            feedbackURI: "",
            feedbackHash: ZeroHash,
          };
          await attempt(
            state,
            `feedback sybil ${k + 1} reviews with ${what}`,
            "InferenceNotPaid",
            () => feedback.connect(sybil.signer).giveFeedback(subject.kind, named, fields),
            () => summaries(feedback, subjects),
          );
          sybilAttempts += 1;
        }
      }
    }
    const after = await summaries(feedback, subjects);
    findings.set(state, { subjects, honestWeight, honestCount, sybilAttempts, before, after });
  },
  outcomes: ({ state }) => {
    const found = findings.get(state);
    if (!found) return [];
    const unchanged = found.before.every((value, i) => value === found.after[i]);
    const refused = state.attempts.filter((a) => a.attempt.startsWith("feedback sybil")).every((a) => a.refused);
    return [
      {
        scenario: "sybil-feedback",
        attacker: `${SYBILS} accounts that never paid (${found.sybilAttempts} attempts)`,
        earned: "0",
        imitated: `${found.honestCount} honest payers' feedback (weight = price paid)`,
        imitatedEarned: found.honestWeight.toString(),
        expectation: "no feedback counted, every summary unchanged by them",
        met: unchanged && refused && found.honestCount > 0n,
        note:
          "earned is the feedback weight the sybils got counted, in OPEN: every attempt was refused with " +
          "InferenceNotPaid, since the registry reads what the giver paid from AttributionRewards",
      },
    ];
  },
};
