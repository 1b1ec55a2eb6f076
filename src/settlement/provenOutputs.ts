// Which logged outputs settlement attributes: only those shown to be the model's own, by regenerating them from the
// registered weights or by the signature of the model's serving key; every other entry is settled as unlogged.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { TypedDataEncoder, getAddress, verifyTypedData, type Signer, type TypedDataDomain } from "ethers";
import { inferenceId, inferenceOutputHash } from "../factory/inference";
import { deserializeModel, generate, weightsHash } from "../factory/ngram";
import { tokenize } from "../factory/tokens";
import { compareCodeUnits } from "../util/order";
import type { ContentStore } from "../store/ContentStore";
import { storedBytes } from "./availability";
import type { InferenceLogEntry, ServedBatchProof } from "./inferenceLog";
import type { Hex } from "./tree";
import type { FactoryWeights } from "./methods";
import type { Receipt, SettlementSource } from "./source";

/** Why a logged entry is not attributed: it is settled as if it had not been logged. */
export type RejectionReason =
  | "output-hash" // its request and output do not hash to its inference id
  | "malformed" // its model, agent or payer is not a number or an address
  | "not-paid" // no receipt of the epoch carries its inference id
  | "duplicate" // a second entry for the same payer, model, agent and inference id
  | "receipt-mismatch" // the receipts of its inference id name another model, agent or payer
  | "not-reproduced" // the registered weights, rerun on its prompt and seed, give another output
  | "bad-signature" // the signature is not by the model's serving key
  | "unproven"; // the weights are not in the store and the entry carries no signature

export interface Rejection {
  inferenceId: string;
  /** The payer the entry names, if it names one. */
  payer?: string;
  reason: RejectionReason;
}

/** How an attributed output was shown to be the model's. */
export type ProofKind = "regenerated" | "signed";

/** An attributed entry and how it was proven. */
export interface ProvenEntry {
  entry: InferenceLogEntry;
  proof: ProofKind;
  /** For a regenerated output: the weights that regenerated it, which exact influence reads. */
  factory?: FactoryWeights;
}

export interface ProvenOutputs {
  /** Attributed entries by `receiptKey` (an entry naming no payer under the key without one). */
  accepted: Map<string, ProvenEntry>;
  rejected: Rejection[];
}

/**
 * The key a receipt and a log entry naming its payer share; `payer` undefined for an entry that names none. An
 * inference id is its payer's own (AttributionRewards keys payments by payer, model, agent and id), so two payers
 * may pay the same id and each receipt is matched to its own entry.
 */
export function receiptKey(inferenceId: string, modelId: bigint, agentId: bigint, payer?: string): string {
  return [payer === undefined ? "*" : getAddress(payer), modelId, agentId, inferenceId.toLowerCase()].join(":");
}

/** What `entries` (keyed by `receiptKey`) hold for a receipt: the entry naming its payer, else one naming none. */
export function logEntryOf<T>(entries: ReadonlyMap<string, T>, receipt: Receipt): T | undefined {
  const { inferenceId: id, modelId, agentId, payer } = receipt;
  return entries.get(receiptKey(id, modelId, agentId, payer)) ?? entries.get(receiptKey(id, modelId, agentId));
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

/** The signed struct of a batch: the root of its outputs' tree (`ServedBatchProof`). */
export const SERVED_BATCH_TYPES = {
  ServedOutputs: [{ name: "root", type: "bytes32" }],
};

/** The leaf encoding of a batch's tree: `[inferenceId, outputHash]`. */
const BATCH_LEAF = ["bytes32", "bytes32"];

/**
 * Signs a batch of outputs as a model's serving key, once: returns each output's `ServedBatchProof`, in order. At a
 * million inferences an epoch one signature per output costs settlement ~1.5 ms each to check (JavaScript
 * secp256k1); a batch costs one recovery and each output a proof of log2(batch) hashes.
 */
export async function signServedBatch(
  key: Signer,
  chainId: number,
  rewards: string,
  outputs: readonly { inferenceId: string; output: string }[],
): Promise<ServedBatchProof[]> {
  if (outputs.length === 0) return [];
  const tree = StandardMerkleTree.of(
    outputs.map((o) => [o.inferenceId.toLowerCase(), inferenceOutputHash(o.output)]),
    BATCH_LEAF,
  );
  const root = tree.root as Hex;
  const signature = await key.signTypedData(servingDomain(chainId, rewards), SERVED_BATCH_TYPES, { root });
  return outputs.map((_, i) => ({ root, signature, proof: tree.getProof(i) as Hex[] }));
}

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
  const paid = new Map<string, Receipt>();
  const paidIds = new Set<string>();
  for (const r of receipts) {
    paid.set(receiptKey(r.inferenceId, r.modelId, r.agentId, r.payer), r);
    paid.set(receiptKey(r.inferenceId, r.modelId, r.agentId), r);
    paidIds.add(r.inferenceId.toLowerCase());
  }
  const accepted: ProvenOutputs["accepted"] = new Map();
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  const weights = new Map<bigint, Promise<FactoryWeights | undefined>>();
  const signers: Signers = {
    domain: servingDomain(context.chainId, context.rewards),
    servingKeys: new Map(),
    batches: new Map(),
  };
  for (const entry of log) {
    const id = String(entry.inferenceId).toLowerCase();
    const reject = (reason: RejectionReason) =>
      rejected.push({ inferenceId: id, ...(entry.payer === undefined ? {} : { payer: String(entry.payer) }), reason });
    if (!hashesToId(entry)) {
      reject("output-hash");
      continue;
    }
    const key = keyOf(entry);
    if (key === undefined) {
      reject("malformed");
      continue;
    }
    if (seen.has(key)) {
      reject("duplicate");
      continue;
    }
    seen.add(key);
    const receipt = paid.get(key);
    if (!receipt) {
      reject(paidIds.has(id) ? "receipt-mismatch" : "not-paid");
      continue;
    }
    if (!weights.has(receipt.modelId)) weights.set(receipt.modelId, factoryModel(context, receipt.modelId));
    const factory = await weights.get(receipt.modelId)!;
    if (factory) {
      const verdict = reproduces(factory.model, entry);
      if (verdict === true) accepted.set(key, { entry, proof: "regenerated", factory });
      else reject(verdict);
    } else {
      const verdict = await signedByServingKey(context, receipt.modelId, entry, signers);
      if (verdict === true) accepted.set(key, { entry, proof: "signed" });
      else reject(verdict);
    }
  }
  rejected.sort(
    (a, b) => compareCodeUnits(a.inferenceId, b.inferenceId) || compareCodeUnits(a.payer ?? "", b.payer ?? ""),
  );
  return { accepted, rejected };
}

/** The entry's `receiptKey`, or undefined when its payer is not an address. */
function keyOf(entry: InferenceLogEntry): string | undefined {
  try {
    return receiptKey(entry.inferenceId, BigInt(entry.modelId), BigInt(entry.agentId), entry.payer);
  } catch {
    return undefined;
  }
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
async function factoryModel(context: ProofContext, modelId: bigint): Promise<FactoryWeights | undefined> {
  const registered = await context.source.weightsHashOf(modelId, context.blockTag);
  const bytes = await storedBytes(context.store, registered, `weights of model ${modelId}`);
  if (!bytes || weightsHash(bytes) !== registered) return undefined;
  try {
    return { model: deserializeModel(bytes), weightsHash: registered };
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

/** What one settlement works out once: the signing domain, each model's serving key and each batch's signer (both lowercase). */
interface Signers {
  domain: TypedDataDomain;
  servingKeys: Map<bigint, Promise<string>>;
  batches: Map<string, string | undefined>;
}

async function signedByServingKey(
  context: ProofContext,
  modelId: bigint,
  entry: InferenceLogEntry,
  signers: Signers,
): Promise<true | RejectionReason> {
  if (!entry.signature && !entry.batch) return "unproven";
  if (!signers.servingKeys.has(modelId)) {
    const key = context.source.servingKeyOf(modelId, context.blockTag).then((k) => k.toLowerCase());
    signers.servingKeys.set(modelId, key);
  }
  const key = await signers.servingKeys.get(modelId)!;
  if (key === "0x0000000000000000000000000000000000000000") return "unproven";
  const { domain } = signers;
  const outputHash = inferenceOutputHash(entry.output);
  try {
    let signer: string | undefined;
    if (entry.signature) {
      const value = { inferenceId: entry.inferenceId, outputHash };
      signer = verifyTypedData(domain, SERVED_OUTPUT_TYPES, value, entry.signature).toLowerCase();
    } else {
      const { root, signature, proof } = entry.batch!;
      const leaf = [String(entry.inferenceId).toLowerCase(), outputHash];
      if (!StandardMerkleTree.verify(root, BATCH_LEAF, leaf, proof)) return "bad-signature";
      // One recovery per batch: every entry of a batch carries the same root and signature.
      const cacheKey = `${root}:${signature}`.toLowerCase();
      if (!signers.batches.has(cacheKey)) signers.batches.set(cacheKey, recoverBatchSigner(domain, root, signature));
      signer = signers.batches.get(cacheKey);
    }
    return signer === key ? true : "bad-signature";
  } catch {
    return "bad-signature"; // a malformed signature, root or proof
  }
}

function recoverBatchSigner(domain: TypedDataDomain, root: string, signature: string): string | undefined {
  try {
    return verifyTypedData(domain, SERVED_BATCH_TYPES, { root }, signature).toLowerCase();
  } catch {
    return undefined;
  }
}
