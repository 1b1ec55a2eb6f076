// Feedback operations on FeedbackRegistry: give, revoke, respond; each returns its receipts (OpResult).
import type { Signer } from "ethers";
import type { FeedbackRegistry, IFeedbackRegistry } from "../../typechain-types";
import { mined, minedId, type OpResult } from "./result";

/** What a feedback is about, as the registry's SubjectKind numbers it. */
export const SUBJECT_KIND = { agent: 0, model: 1 } as const;
export type Subject = keyof typeof SUBJECT_KIND;

/** The paid inference a feedback stands on. */
export interface InferenceRef {
  modelId: bigint;
  /** 0 for an inference paid without an agent. */
  agentId: bigint;
  inferenceId: string;
}

export type FeedbackFields = IFeedbackRegistry.FeedbackInputStruct;

/** Gives feedback on the agent or the model of an inference the signer paid for; the id comes from the event. */
export async function giveFeedback(
  registry: FeedbackRegistry,
  signer: Signer,
  subject: Subject,
  inference: InferenceRef,
  fields: FeedbackFields,
): Promise<OpResult & { feedbackId: bigint }> {
  const connected = registry.connect(signer);
  // A refusal (a non-payer, a replay) is named by its custom error from a call, before a transaction pays for it:
  // some nodes mine a reverting transaction and report only that it reverted.
  await connected.giveFeedback.staticCall(SUBJECT_KIND[subject], inference, fields);
  return minedId(
    registry,
    connected.giveFeedback(SUBJECT_KIND[subject], inference, fields),
    "FeedbackGiven",
    "feedbackId",
  );
}

/** Revokes the signer's feedback. */
export async function revokeFeedback(
  registry: FeedbackRegistry,
  signer: Signer,
  feedbackId: bigint,
): Promise<OpResult> {
  const connected = registry.connect(signer);
  await connected.revokeFeedback.staticCall(feedbackId); // the refusal by name, as in giveFeedback
  return { transactions: [await mined(connected.revokeFeedback(feedbackId))] };
}

/** Appends the signer's response (as the subject's owner) to a feedback. */
export async function respond(
  registry: FeedbackRegistry,
  signer: Signer,
  feedbackId: bigint,
  responseURI: string,
  responseHash: string,
): Promise<OpResult> {
  return {
    transactions: [await mined(registry.connect(signer).appendResponse(feedbackId, responseURI, responseHash))],
  };
}
