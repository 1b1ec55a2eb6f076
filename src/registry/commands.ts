// The registry commands: check every argument, then register a model or an agent, or read one back.
import type { ContractTransactionResponse } from "ethers";
import type { AgentRegistry, IModelRegistry, ModelRegistry } from "../../typechain-types";
import { emittedEvent } from "../chain/events";
import { describeRevert } from "../chain/revert";
import { optional, parseBps, parseId, parseLineage, parseModelIds, parseOpen, resolveWeightsHash } from "../cli/args";
import { CommandError, argumentError } from "../cli/errors";
import type { AgentView, ModelView } from "./describe";

/** The arguments of `model:register`, as the task receives them. */
export interface ModelRegisterArgs {
  uri: string;
  weightsHash?: string;
  weights?: string;
  fee: string;
  lineage?: string;
  base?: string;
  supersedes?: string;
  /** A base model's royalty on its adapters, in basis points (default: the registry's). */
  royalty?: string;
}

/** The arguments of `agent:register`, as the task receives them. */
export interface AgentRegisterArgs {
  uri: string;
  models: string;
  fee: string;
}

/** What a registration produced. */
export interface Registered {
  id: bigint;
  txHash: string;
  /** The transaction that set a base's royalty, when `--royalty` was given. */
  termsTxHash?: string;
}

/** Sends a transaction, turning a revert the registry explains into a CommandError naming its custom error. */
async function send(
  registry: ModelRegistry | AgentRegistry,
  transaction: () => Promise<ContractTransactionResponse>,
): Promise<ContractTransactionResponse> {
  try {
    return await transaction();
  } catch (error) {
    const revert = describeRevert(error, registry.interface);
    if (revert === undefined) throw error;
    throw new CommandError(`the registry refused: ${revert.short}`);
  }
}

/** A model registration, checked: what the registry is sent. */
export interface ModelRegistration {
  registration: IModelRegistry.RegistrationStruct;
  /** Set for a LoRA adapter: the model it adapts. */
  base?: bigint;
  /** Set for a base model: the royalty its adapters pay it, in basis points. */
  royaltyBps?: number;
}

/** An agent registration, checked. */
export interface AgentRegistration {
  uri: string;
  modelIds: bigint[];
  fee: bigint;
}

/** Checks every argument of `model:register`, applying the registry's rules that need no chain. */
export async function parseModelRegistration(args: ModelRegisterArgs): Promise<ModelRegistration> {
  const lineage = parseLineage(args.lineage ?? "");
  const base = optional(args.base, "base", parseId);
  if (base !== undefined && lineage.length === 0) {
    throw argumentError("lineage", "an adapter (--base) must name the data it was tuned on");
  }
  const royaltyBps = optional(args.royalty, "royalty", parseBps);
  if (base !== undefined && royaltyBps !== undefined) {
    throw argumentError("royalty", "a royalty is what a base model asks of its adapters: an adapter (--base) has none");
  }
  const registration: IModelRegistry.RegistrationStruct = {
    metadataURI: args.uri,
    weightsHash: await resolveWeightsHash(args),
    feePerInference: parseOpen(args.fee, "fee"),
    supersedes: optional(args.supersedes, "supersedes", parseId) ?? 0n,
    lineage,
  };
  return { registration, base, royaltyBps };
}

/** Checks every argument of `agent:register`. */
export function parseAgentRegistration(args: AgentRegisterArgs): AgentRegistration {
  return { uri: args.uri, modelIds: parseModelIds(args.models), fee: parseOpen(args.fee, "fee") };
}

/** Registers a base model (or an adapter when `base` is set), then sets a base's royalty when one is given. */
export async function registerModel(
  registry: ModelRegistry,
  { registration, base, royaltyBps }: ModelRegistration,
): Promise<Registered> {
  // Checked before anything is sent: a refused royalty must not leave a model registered without it.
  if (royaltyBps !== undefined) {
    const cap = Number(await registry.MAX_BASE_ROYALTY_BPS());
    if (royaltyBps > cap) throw argumentError("royalty", `${royaltyBps} bps is above the registry's cap of ${cap}`);
  }
  const tx = await send(registry, () =>
    base === undefined ? registry.registerModel(registration) : registry.registerAdapter(base, registration),
  );
  const event = emittedEvent(registry, (await tx.wait())!, "ModelRegistered");
  const id = event.args.modelId as bigint;
  if (royaltyBps === undefined) return { id, txHash: tx.hash };
  const terms = await send(registry, () => registry.setAdapterTerms(id, { royaltyBps, openToAdapters: true }));
  await terms.wait();
  return { id, txHash: tx.hash, termsTxHash: terms.hash };
}

/** Registers an agent. */
export async function registerAgent(
  registry: AgentRegistry,
  { uri, modelIds, fee }: AgentRegistration,
): Promise<Registered> {
  const tx = await send(registry, () => registry.registerAgent(uri, modelIds, fee));
  const event = emittedEvent(registry, (await tx.wait())!, "AgentRegistered");
  return { id: event.args.agentId as bigint, txHash: tx.hash };
}

/** Reads model `modelId`; an id past the last model is an error naming `--id`. */
export async function readModel(registry: ModelRegistry, modelId: bigint): Promise<ModelView> {
  const count = await registry.modelCount();
  if (modelId > count) throw argumentError("id", `no model ${modelId}: the registry holds ${count}`);
  const [model, lineage, owner, adapterCount] = await Promise.all([
    registry.getModel(modelId),
    registry.lineageOf(modelId),
    registry.ownerOf(modelId),
    registry.adapterCount(modelId),
  ]);
  return {
    id: modelId,
    owner,
    baseModelId: model.baseModelId,
    supersedes: model.supersedes,
    weightsHash: model.weightsHash,
    feePerInference: model.feePerInference,
    active: model.active,
    registeredAt: model.registeredAt,
    metadataURI: model.metadataURI,
    lineage: lineage.map(({ datanetId, version, weightBps }) => ({ datanetId, version, weightBps })),
    adapterCount,
  };
}

/** Reads agent `agentId`; an id past the last agent is an error naming `--id`. */
export async function readAgent(registry: AgentRegistry, agentId: bigint): Promise<AgentView> {
  const count = await registry.agentCount();
  if (agentId > count) throw argumentError("id", `no agent ${agentId}: the registry holds ${count}`);
  const [agent, models, owner] = await Promise.all([
    registry.getAgent(agentId),
    registry.modelsOf(agentId),
    registry.ownerOf(agentId),
  ]);
  return {
    id: agentId,
    owner,
    feePerTask: agent.feePerTask,
    active: agent.active,
    registeredAt: agent.registeredAt,
    metadataURI: agent.metadataURI,
    models: [...models],
  };
}
