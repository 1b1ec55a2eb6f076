// Reputation only from payers: `feedback:give`, `feedback:revoke`, `feedback:respond`, `feedback:summary`,
// `feedback:list`. Thin: every argument is parsed (src/cli/args, src/reputation/args) before anything connects.
import { task, types } from "hardhat/config";
import { parseChoice, parseFile, parseHash, parseId, parseUri } from "../src/cli/args";
import { argumentError, readingArgument, runCommand as run } from "../src/cli/errors";
import { print, reading, sending, type JsonArgs as Json } from "../src/cli/output";
import { formatOpen as open } from "../src/read/json";
import {
  MAX_ENDPOINT_LENGTH,
  MAX_URI_LENGTH,
  checkLength,
  parseDecimals,
  parseFeedbackValue,
  parseTag,
} from "../src/reputation/args";

type SubjectArgs = { agent?: string; model?: string };

/** The subject of a read: exactly one of --agent and --model. */
function parseSubject(args: SubjectArgs): { subject: "agent" | "model"; subjectId: bigint } {
  if ((args.agent === undefined) === (args.model === undefined)) {
    throw argumentError("agent", "give either --agent ID or --model ID");
  }
  return args.agent !== undefined
    ? { subject: "agent", subjectId: parseId(args.agent, "agent") }
    : { subject: "model", subjectId: parseId(args.model!, "model") };
}

/** The hash of a feedback or response file: `--hash`, or keccak256 of `--file`, or zero; never both. */
async function contentHash(args: { hash?: string; file?: string }): Promise<string> {
  if (args.hash !== undefined && args.file !== undefined)
    throw argumentError("hash", "give --hash or --file, not both");
  if (args.hash !== undefined) return parseHash(args.hash, "hash");
  if (args.file === undefined) return "0x" + "0".repeat(64);
  const { readFile } = await import("node:fs/promises");
  const { keccak256 } = await import("ethers");
  return keccak256(await readingArgument("file", () => readFile(parseFile(args.file!, "file"))));
}

type GiveArgs = Json & {
  model: string;
  agent?: string;
  subject?: string;
  inference: string;
  value: string;
  decimals: string;
  tag1?: string;
  tag2?: string;
  endpoint: string;
  uri: string;
  hash?: string;
  file?: string;
};

sending(task("feedback:give", "Leaves feedback on the agent (or model) of an inference the sender paid for"))
  .addParam("model", "The model of the paid inference", undefined, types.string)
  .addOptionalParam("agent", "The agent it was paid through (0 or none for no agent)", undefined, types.string)
  .addOptionalParam("subject", "agent or model (default agent, or model when no agent)", undefined, types.string)
  .addParam("inference", "The inference id that was paid (0x and 64 hex digits)", undefined, types.string)
  .addParam("value", "The value, a signed whole number with --decimals implied", undefined, types.string)
  .addOptionalParam("decimals", "Decimals of the value, 0 to 18", "0", types.string)
  .addOptionalParam("tag1", "What was measured, e.g. starred (at most 31 bytes)", undefined, types.string)
  .addOptionalParam("tag2", "A sub-dimension of tag1", undefined, types.string)
  .addOptionalParam("endpoint", "The service endpoint used", "", types.string)
  .addOptionalParam("uri", "Where the feedback file is published", "", types.string)
  .addOptionalParam("hash", "keccak256 of the feedback file", undefined, types.string)
  .addOptionalParam("file", "The feedback file, to hash", undefined, types.string)
  .setAction(async (args: GiveArgs, hre) =>
    run(async () => {
      const modelId = parseId(args.model, "model");
      const agentId = args.agent === undefined || args.agent.trim() === "0" ? 0n : parseId(args.agent, "agent");
      const subject = parseChoice(args.subject ?? (agentId === 0n ? "model" : "agent"), "subject", [
        "agent",
        "model",
      ] as const);
      if (subject === "agent" && agentId === 0n) {
        throw argumentError("agent", "feedback on an agent names the agent the inference was paid through");
      }
      const inferenceId = parseHash(args.inference, "inference");
      if (BigInt(inferenceId) === 0n) throw argumentError("inference", "an inference id is never zero");
      const valueDecimals = parseDecimals(args.decimals);
      const value = parseFeedbackValue(args.value, valueDecimals);
      const tag1 = parseTag(args.tag1, "tag1");
      const tag2 = parseTag(args.tag2, "tag2");
      if (args.tag1 === undefined && args.tag2 !== undefined)
        throw argumentError("tag2", "tag2 refines tag1: give --tag1");
      const endpoint = checkLength(args.endpoint, "endpoint", MAX_ENDPOINT_LENGTH);
      const feedbackURI = checkLength(args.uri, "uri", MAX_URI_LENGTH);
      const feedbackHash = await contentHash(args);
      const { chainContext } = await import("../src/cli/context");
      const { giveFeedback } = await import("../src/ops/feedback");
      const { suite, signer } = await chainContext(hre, args);
      const inference = { modelId, agentId, inferenceId };
      const fields = { value, valueDecimals, tag1, tag2, endpoint, feedbackURI, feedbackHash };
      const done = await giveFeedback(suite.feedback, signer, subject, inference, fields);
      const weight = (await suite.feedback.getFeedback(done.feedbackId)).weight;
      return print(args, { ...done, subject, weight }, (g) => [
        `Feedback ${g.feedbackId} on ${subject} ${subject === "agent" ? agentId : modelId} by ${signer.address}, ` +
          `weight ${open(g.weight)}, in transaction ${g.transactions[0].hash}`,
      ]);
    }),
  );

sending(task("feedback:revoke", "Revokes the sender's feedback: it leaves every summary"))
  .addParam("id", "Feedback id", undefined, types.string)
  .setAction(async (args: Json & { id: string }, hre) =>
    run(async () => {
      const id = parseId(args.id, "id");
      const { chainContext } = await import("../src/cli/context");
      const { revokeFeedback } = await import("../src/ops/feedback");
      const { suite, signer } = await chainContext(hre, args);
      const done = await revokeFeedback(suite.feedback, signer, id);
      return print(args, { id, ...done }, (r) => [`Revoked feedback ${id} in transaction ${r.transactions[0].hash}`]);
    }),
  );

sending(task("feedback:respond", "Appends a response to a feedback, as the owner of the agent or model it is about"))
  .addParam("id", "Feedback id", undefined, types.string)
  .addParam("uri", "Where the response is published", undefined, types.string)
  .addOptionalParam("hash", "keccak256 of the response file", undefined, types.string)
  .addOptionalParam("file", "The response file, to hash", undefined, types.string)
  .setAction(async (args: Json & { id: string; uri: string; hash?: string; file?: string }, hre) =>
    run(async () => {
      const id = parseId(args.id, "id");
      const uri = checkLength(parseUri(args.uri, "uri"), "uri", MAX_URI_LENGTH);
      const hash = await contentHash(args);
      const { chainContext } = await import("../src/cli/context");
      const { respond } = await import("../src/ops/feedback");
      const { suite, signer } = await chainContext(hre, args);
      const done = await respond(suite.feedback, signer, id, uri, hash);
      return print(args, { id, uri, hash, ...done }, (r) => [
        `Responded to feedback ${id} with ${uri} in transaction ${r.transactions[0].hash}`,
      ]);
    }),
  );

reading(task("feedback:summary", "A subject's feedback summary: count, total weight and weighted mean"))
  .addOptionalParam("agent", "The agent", undefined, types.string)
  .addOptionalParam("model", "The model", undefined, types.string)
  .addOptionalParam("tag", "Only the feedback with this tag (default all)", undefined, types.string)
  .setAction(async (args: Json & SubjectArgs & { tag?: string }, hre) =>
    run(async () => {
      const { subject, subjectId } = parseSubject(args);
      const tag = parseTag(args.tag, "tag");
      const { suiteContext } = await import("../src/cli/context");
      const { fixed, readSummary } = await import("../src/read/feedback");
      const suite = await suiteContext(hre, args);
      const summary = await readSummary(suite.feedback, subject, subjectId, tag);
      return print(args, summary, (s) => [
        `${subject} ${subjectId}${s.tag ? ` tagged ${s.tag}` : ""}: ${s.count} feedback, ` +
          `weight ${open(s.totalWeight)}, weighted mean ${fixed(s.mean, s.decimals)}`,
      ]);
    }),
  );

reading(task("feedback:list", "Lists a subject's feedback from the events, with revocations and responses"))
  .addOptionalParam("agent", "The agent", undefined, types.string)
  .addOptionalParam("model", "The model", undefined, types.string)
  .setAction(async (args: Json & SubjectArgs, hre) =>
    run(async () => {
      const { subject, subjectId } = parseSubject(args);
      const { suiteContext } = await import("../src/cli/context");
      const { fixed, listFeedback } = await import("../src/read/feedback");
      const suite = await suiteContext(hre, args);
      const list = await listFeedback(suite.feedback, subject, subjectId);
      return print(args, { subject, subjectId, feedback: list }, (l) =>
        l.feedback.length === 0
          ? [`${subject} ${subjectId}: no feedback`]
          : l.feedback.map(
              (f) =>
                `  ${f.id}: ${fixed(f.value, f.valueDecimals)}${f.tag1 ? ` ${f.tag1}` : ""}${f.tag2 ? `/${f.tag2}` : ""}` +
                ` by ${f.giver}, weight ${open(f.weight)}` +
                (f.revoked ? ", revoked" : "") +
                (f.responses.length ? `, ${f.responses.length} response(s)` : "") +
                (f.feedbackURI ? `, ${f.feedbackURI}` : ""),
            ),
      );
    }),
  );
