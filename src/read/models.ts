// The reader of registered models and agents, for `model:list` and `agent:list`.
import type { AgentRegistry, ModelRegistry } from "../../typechain-types";
import { isoDate } from "./json";
import { idsUpTo } from "./paging";

/** A model as `model:list` prints it. */
export interface ModelSummary {
  id: bigint;
  owner: string;
  kind: "base" | "adapter";
  baseModelId: bigint;
  feePerInference: bigint;
  active: boolean;
  registeredAt: string | null;
  metadataURI: string;
}

/** An agent as `agent:list` prints it. */
export interface AgentSummary {
  id: bigint;
  owner: string;
  feePerTask: bigint;
  active: boolean;
  registeredAt: string | null;
  metadataURI: string;
  models: bigint[];
}

/** Every registered model, in id order. */
export async function listModels(registry: ModelRegistry): Promise<ModelSummary[]> {
  const ids = idsUpTo(await registry.modelCount());
  return Promise.all(
    ids.map(async (id) => {
      const [model, owner] = await Promise.all([registry.getModel(id), registry.ownerOf(id)]);
      return {
        id,
        owner,
        kind: model.baseModelId === 0n ? ("base" as const) : ("adapter" as const),
        baseModelId: model.baseModelId,
        feePerInference: model.feePerInference,
        active: model.active,
        registeredAt: isoDate(model.registeredAt),
        metadataURI: model.metadataURI,
      };
    }),
  );
}

/** Every registered agent, in id order, with the models it uses. */
export async function listAgents(registry: AgentRegistry): Promise<AgentSummary[]> {
  const ids = idsUpTo(await registry.agentCount());
  return Promise.all(
    ids.map(async (id) => {
      const [agent, owner, models] = await Promise.all([
        registry.getAgent(id),
        registry.ownerOf(id),
        registry.modelsOf(id),
      ]);
      return {
        id,
        owner,
        feePerTask: agent.feePerTask,
        active: agent.active,
        registeredAt: isoDate(agent.registeredAt),
        metadataURI: agent.metadataURI,
        models: [...models],
      };
    }),
  );
}
