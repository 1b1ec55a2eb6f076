// Model Factory operations: train an n-gram model on a datanet version and register it; run a paid inference.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Signer } from "ethers";
import type {
  AgentRegistry,
  AttributionRewards,
  Datanet,
  IModelRegistry,
  ModelRegistry,
  OpenToken,
} from "../../typechain-types";
import { deserializeModel, generate, serializeModel, trainNgram, weightsHash } from "../factory/ngram";
import { inferenceId } from "../factory/inference";
import { signPermit } from "../chain/permit";
import type { ContentStore } from "../store/ContentStore";
import { appendInferenceLog, type InferenceLogEntry } from "../settlement/inferenceLog";
import { readVersionTexts } from "./data";
import { mined, minedId, type OpResult } from "./result";
import { payByVoucher } from "./vouchers";

/** Where trained weights are written: `<dir>/<weightsHash>.json`. */
export const DEFAULT_MODELS_DIR = path.join("data", "models");

export interface TrainRequest {
  datanetId: bigint;
  version: number;
  order?: number;
  feePerInference: bigint;
  metadataURI?: string;
  /** Register as a LoRA adapter on this base model instead of as a base model. */
  baseModelId?: bigint;
  modelsDir?: string;
}

export interface Trained extends OpResult {
  modelId: bigint;
  weightsHash: string;
  weightsFile: string;
  documents: number;
}

/**
 * Trains on the version's approved contributions (hash-checked from the store) and registers the model. The
 * weights go into the content store too, under their hash: settlement finds them there to regenerate outputs.
 */
export async function trainAndRegister(
  contracts: { datanet: Datanet; models: ModelRegistry },
  store: ContentStore,
  owner: Signer,
  request: TrainRequest,
): Promise<Trained> {
  const texts = await readVersionTexts(contracts.datanet, store, request.datanetId, request.version);
  const weights = serializeModel(trainNgram(texts, { order: request.order }));
  const hash = weightsHash(weights);
  const dir = request.modelsDir ?? DEFAULT_MODELS_DIR;
  await mkdir(dir, { recursive: true });
  const weightsFile = path.join(dir, `${hash}.json`);
  await writeFile(weightsFile, weights);
  await store.put(weights);

  const registration = {
    metadataURI: request.metadataURI ?? `openledger:ngram:${request.datanetId}:${request.version}`,
    weightsHash: hash,
    feePerInference: request.feePerInference,
    supersedes: 0n,
    lineage: [{ datanetId: request.datanetId, version: request.version, weightBps: 10_000 }],
  };
  const registered = await registerModel(contracts.models, owner, registration, request.baseModelId);
  return { ...registered, weightsHash: hash, weightsFile, documents: texts.length };
}

/** Registers a model, or with `baseModelId` a LoRA adapter on that base model, and returns its id. */
export async function registerModel(
  models: ModelRegistry,
  owner: Signer,
  registration: IModelRegistry.RegistrationStruct,
  baseModelId?: bigint,
): Promise<OpResult & { modelId: bigint }> {
  const registry = models.connect(owner);
  const sent =
    baseModelId === undefined
      ? registry.registerModel(registration)
      : registry.registerAdapter(baseModelId, registration);
  return minedId(models, sent, "ModelRegistered", "modelId");
}

/** Registers an agent that calls `modelIds`, charging `feePerTask` on each inference, and returns its id. */
export async function registerAgent(
  agents: AgentRegistry,
  owner: Signer,
  metadataURI: string,
  modelIds: readonly bigint[],
  feePerTask: bigint,
): Promise<OpResult & { agentId: bigint }> {
  const sent = agents.connect(owner).registerAgent(metadataURI, [...modelIds], feePerTask);
  return minedId(agents, sent, "AgentRegistered", "agentId");
}

/** Pays for an inference from an allowance the payer already gave the rewards contract (no permit). */
export async function payInference(
  rewards: AttributionRewards,
  payer: Signer,
  payment: { inferenceId: string; modelId: bigint; agentId: bigint; maxPrice: bigint },
): Promise<OpResult> {
  const { inferenceId: id, modelId, agentId, maxPrice } = payment;
  return { transactions: [await mined(rewards.connect(payer).payInference(id, modelId, agentId, maxPrice))] };
}

export interface InferRequest {
  modelId: bigint;
  agentId?: bigint;
  prompt: string;
  seed: string;
  maxTokens?: number;
  modelsDir?: string;
  /** JSON Lines file the inference is appended to; none: not logged. */
  logFile?: string;
  /** Pay from the payer's voucher credit by a signed voucher (a batch of one) instead of a permit. */
  voucher?: boolean;
}

export interface Inferred extends InferenceLogEntry, OpResult {
  price: bigint;
}

/**
 * Loads the model's weights (checked against the registered hash), generates the output deterministically for the
 * seed, pays for the inference with a permit (inference id = hash of request and output), and logs it.
 */
export async function inferAndPay(
  contracts: { models: ModelRegistry; rewards: AttributionRewards; token: OpenToken },
  payer: Signer,
  request: InferRequest,
): Promise<Inferred> {
  const agentId = request.agentId ?? 0n;
  const { weightsHash: registered } = await contracts.models.getModel(request.modelId);
  const file = path.join(request.modelsDir ?? DEFAULT_MODELS_DIR, `${registered}.json`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch {
    throw new Error(`weights of model ${request.modelId} not found at ${file} (train it with model:train first)`);
  }
  if (weightsHash(bytes) !== registered) {
    throw new Error(`weights at ${file} do not hash to model ${request.modelId}'s registered ${registered}`);
  }
  const model = deserializeModel(bytes);
  const output = generate(model, request.prompt, { maxTokens: request.maxTokens ?? 48, seed: request.seed }).text;
  const id = inferenceId({ modelId: request.modelId, agentId, prompt: request.prompt, seed: request.seed }, output);

  const [price] = await contracts.rewards.quote(request.modelId, agentId);
  const receipt = request.voucher
    ? await payByVoucher(contracts.rewards, payer, { inferenceId: id, modelId: request.modelId, agentId, price })
    : await mined(
        contracts.rewards.connect(payer).payInferenceWithPermit(id, request.modelId, agentId, price, {
          value: price,
          ...(await signPermit(contracts.token, payer, await contracts.rewards.getAddress(), price)),
        }),
      );

  const entry: InferenceLogEntry = {
    inferenceId: id,
    modelId: request.modelId.toString(),
    agentId: agentId.toString(),
    prompt: request.prompt,
    seed: request.seed,
    output,
    // The contract keys the payment by its payer too: settlement matches this entry to this payer's receipt.
    payer: await payer.getAddress(),
  };
  if (request.logFile) await appendInferenceLog(request.logFile, entry);
  return { ...entry, price, transactions: [receipt] };
}
