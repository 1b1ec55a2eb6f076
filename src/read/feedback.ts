// Reads FeedbackRegistry: a subject's summary, and its feedback rebuilt from the events (fields, revocations,
// responses), since the endpoint, URIs and hashes live in the events only.
import { decodeBytes32String, ZeroHash } from "ethers";
import type { FeedbackRegistry } from "../../typechain-types";
import { queryEvents } from "../chain/logs";
import { SUBJECT_KIND, type Subject } from "../ops/feedback";

/** A subject's summary: its feedback that is not revoked, overall or under one tag. */
export interface SummaryView {
  subject: Subject;
  subjectId: bigint;
  tag: string | null;
  count: bigint;
  /** Wei of OPEN the givers paid. */
  totalWeight: bigint;
  weightedSum: bigint;
  /** The weighted mean with `decimals` decimals. */
  mean: bigint;
  decimals: number;
}

/** One feedback as its events tell it. */
export interface FeedbackView {
  id: bigint;
  giver: string;
  modelId: bigint;
  agentId: bigint;
  inferenceId: string;
  weight: bigint;
  value: bigint;
  valueDecimals: number;
  tag1: string | null;
  tag2: string | null;
  endpoint: string;
  feedbackURI: string;
  feedbackHash: string;
  revoked: boolean;
  responses: { responder: string; responseURI: string; responseHash: string }[];
}

/** A tag as text, or null for none. */
export function tagText(tag: string): string | null {
  return tag === ZeroHash ? null : decodeBytes32String(tag);
}

/** The summary of a subject, overall (`tag` zero) or under `tag`. */
export async function readSummary(
  registry: FeedbackRegistry,
  subject: Subject,
  subjectId: bigint,
  tag: string = ZeroHash,
): Promise<SummaryView> {
  const s = await registry.getSummary(SUBJECT_KIND[subject], subjectId, tag);
  const decimals = Number(await registry.SUMMARY_DECIMALS());
  return {
    subject,
    subjectId,
    tag: tagText(tag),
    count: s.count,
    totalWeight: s.totalWeight,
    weightedSum: s.weightedSum,
    mean: s.mean,
    decimals,
  };
}

/** Every feedback on a subject, in the order given, from FeedbackGiven, FeedbackRevoked and ResponseAppended. */
export async function listFeedback(
  registry: FeedbackRegistry,
  subject: Subject,
  subjectId: bigint,
): Promise<FeedbackView[]> {
  const kind = BigInt(SUBJECT_KIND[subject]);
  const [given, revoked, responses] = await Promise.all([
    queryEvents(registry, registry.filters.FeedbackGiven(undefined, undefined, subjectId)),
    queryEvents(registry, registry.filters.FeedbackRevoked(undefined, undefined, subjectId)),
    queryEvents(registry, registry.filters.ResponseAppended(undefined, undefined, subjectId)),
  ]);
  const revokedIds = new Set(revoked.filter((e) => e.args.kind === kind).map((e) => e.args.feedbackId));
  return given
    .filter((e) => e.args.kind === kind)
    .map(({ args }) => ({
      id: args.feedbackId,
      giver: args.giver,
      modelId: args.inference.modelId,
      agentId: args.inference.agentId,
      inferenceId: args.inference.inferenceId,
      weight: args.weight,
      value: args.feedback.value,
      valueDecimals: Number(args.feedback.valueDecimals),
      tag1: tagText(args.feedback.tag1),
      tag2: tagText(args.feedback.tag2),
      endpoint: args.feedback.endpoint,
      feedbackURI: args.feedback.feedbackURI,
      feedbackHash: args.feedback.feedbackHash,
      revoked: revokedIds.has(args.feedbackId),
      responses: responses
        .filter((r) => r.args.feedbackId === args.feedbackId)
        .map((r) => ({
          responder: r.args.responder,
          responseURI: r.args.responseURI,
          responseHash: r.args.responseHash,
        })),
    }));
}

/** A fixed-point value as a decimal string: 9977 with 2 decimals is "99.77". */
export function fixed(value: bigint, decimals: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals).replace(/0+$/, "");
  return `${negative ? "-" : ""}${whole}${fraction ? `.${fraction}` : ""}`;
}
