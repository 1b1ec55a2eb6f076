// Which logged outputs settlement attributes: only those shown to be the model's own, by regenerating them from the
// registered weights or by the signature of the model's serving key; every other entry is settled as unlogged.
import { TypedDataEncoder, getAddress, verifyTypedData, type Signer, type TypedDataDomain } from "ethers";
import { inferenceId, inferenceOutputHash } from "../factory/inference";
import { deserializeModel, generate, weightsHash } from "../factory/ngram";
import { tokenize } from "../factory/tokens";
import type { ContentStore } from "../store/ContentStore";
import { storedBytes } from "./availability";
import type { InferenceLogEntry } from "./inferenceLog";
import type { Receipt, SettlementSource } from "./source";

/** Why a logged entry is not attributed: it is settled as if it had not been logged. */
export type RejectionReason =
  | "output-hash" // its request and output do not hash to its inference id
  | "not-paid" // no receipt of the epoch carries its inference id
  | "duplicate" // a second entry for the same inference id
  | "receipt-mismatch" // the receipt's model or agent differs from the entry's
  | "not-reproduced" // the registered weights, rerun on its prompt and seed, give another output
  | "bad-signature" // the signature is not by the model's serving key
  | "unproven"; // the weights are not in the store and the entry carries no signature

export interface Rejection {
  inferenceId: string;
  reason: RejectionReason;
}

/** How an attributed output was shown to be the model's. */
export type ProofKind = "regenerated" | "signed";

export interface ProvenOutputs {
  /** Attributed entries by lowercase inference id, with how each was proven. */
  accepted: Map<string, { entry: InferenceLogEntry; proof: ProofKind }>;
  rejected: Rejection[];
}

export interface ProofContext {
  source: Pick<SettlementSource, "weightsHashOf" | "servingKeyOf">;
  store: ContentStore;
  blockTag: number;
  chainId: number;
  rewards: string;
}

/** The EIP-712 domain a serving key signs under: this chain and this rewards contract. */
export function servingDomain(chainId: number, rewards: string): TypedDataDomain {
  return { name: "OpenLedger Inference", version: "1", chainId, verifyingContract: getAddress(rewards) };
}

/** The signed struct: which output the model served for which paid inference. */
export const SERVED_OUTPUT_TYPES = {
  ServedOutput: [
    { name: "inferenceId", type: "bytes32" },
    { name: "outputHash", type: "bytes32" },
  ],
};

/** The EIP-712 digest a serving key signs for an output (what OpenZeppelin's EIP712._hashTypedDataV4 returns). */
export function servedOutputDigest(chainId: number, rewards: string, id: string, output: string): string {
  const value = { inferenceId: id, outputHash: inferenceOutputHash(output) };
  return TypedDataEncoder.hash(servingDomain(chainId, rewards), SERVED_OUTPUT_TYPES, value);
}

/** Signs an output as a model's serving key. */
export async function signServedOutput(
  key: Signer,
  chainId: number,
  rewards: string,
  id: string,
  output: string,
): Promise<string> {
  const value = { inferenceId: id, outputHash: inferenceOutputHash(output) };
  return key.signTypedData(servingDomain(chainId, rewards), SERVED_OUTPUT_TYPES, value);
}

/**
 * Sorts an inference log into the entries settlement attributes and those it settles as unlogged, with the reason.
 * Never throws for a bad entry: one bad line must not stop everyone else's settlement.
 */
export async function proveOutputs(
  log: readonly InferenceLogEntry[],
  receipts: readonly Receipt[],
  context: ProofContext,
): Promise<ProvenOutputs> {
  const paid = new Map(receipts.map((r) => [r.inferenceId.toLowerCase(), r]));
  const accepted: ProvenOutputs["accepted"] = new Map();
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  const weights = new Map<bigint, Promise<ReturnType<typeof deserializeModel> | undefined>>();
  for (const entry of log) {
    const id = String(entry.inferenceId).toLowerCase();
    const reject = (reason: RejectionReason) => rejected.push({ inferenceId: id, reason });
    if (seen.has(id)) {
      reject("duplicate");
      continue;
    }
    seen.add(id);
    if (!hashesToId(entry)) {
      reject("output-hash");
      continue;
    }
    const receipt = paid.get(id);
    if (!receipt) {
      reject("not-paid");
      continue;
    }
    if (BigInt(entry.modelId) !== receipt.modelId || BigInt(entry.agentId) !== receipt.agentId) {
      reject("receipt-mismatch");
      continue;
    }
    if (!weights.has(receipt.modelId)) weights.set(receipt.modelId, factoryModel(context, receipt.modelId));
    const model = await weights.get(receipt.modelId)!;
    const verdict = model ? reproduces(model, entry) : await signedByServingKey(context, receipt.modelId, entry);
    if (verdict === true) accepted.set(id, { entry, proof: model ? "regenerated" : "signed" });
    else reject(verdict);
  }
  rejected.sort((a, b) => (a.inferenceId < b.inferenceId ? -1 : a.inferenceId > b.inferenceId ? 1 : 0));
  return { accepted, rejected };
}

function hashesToId(entry: InferenceLogEntry): boolean {
  try {
    const request = {
      modelId: BigInt(entry.modelId),
      agentId: BigInt(entry.agentId),
      prompt: entry.prompt,
      seed: entry.seed,
    };
    return inferenceId(request, entry.output).toLowerCase() === String(entry.inferenceId).toLowerCase();
  } catch {
    return false; // malformed ids or text that is not valid UTF-16: not a provable entry
  }
}

/** The Model Factory model registered for `modelId`, if its weights are in the store and hash to the registry's. */
async function factoryModel(context: ProofContext, modelId: bigint) {
  const registered = await context.source.weightsHashOf(modelId, context.blockTag);
  const bytes = await storedBytes(context.store, registered, `weights of model ${modelId}`);
  if (!bytes || weightsHash(bytes) !== registered) return undefined;
  try {
    return deserializeModel(bytes);
  } catch {
    return undefined; // weights of another architecture: they cannot be rerun here
  }
}

/**
 * Whether the weights, run on the entry's prompt and seed for as many tokens as the output has, give exactly the
 * output. A shorter run of the same seed is a prefix of a longer one, so the maximum length need not be logged.
 */
function reproduces(model: ReturnType<typeof deserializeModel>, entry: InferenceLogEntry): true | RejectionReason {
  const maxTokens = tokenize(entry.output).length;
  const again = generate(model, entry.prompt, { maxTokens, seed: entry.seed }).text;
  return again === entry.output ? true : "not-reproduced";
}

async function signedByServingKey(
  context: ProofContext,
  modelId: bigint,
  entry: InferenceLogEntry,
): Promise<true | RejectionReason> {
  if (!entry.signature) return "unproven";
  const key = await context.source.servingKeyOf(modelId, context.blockTag);
  if (key === "0x0000000000000000000000000000000000000000") return "unproven";
  const value = { inferenceId: entry.inferenceId, outputHash: inferenceOutputHash(entry.output) };
  try {
    const signer = verifyTypedData(
      servingDomain(context.chainId, context.rewards),
      SERVED_OUTPUT_TYPES,
      value,
      entry.signature,
    );
    return getAddress(signer) === getAddress(key) ? true : "bad-signature";
  } catch {
    return "bad-signature";
  }
}
