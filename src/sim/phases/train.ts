// Phases 5-6: builders train a model (or a LoRA adapter) per published version, and agents are registered on them.
import { parseEther } from "ethers";
import { registerAgent, trainAndRegister } from "../../ops/factory";
import { book, makeActor, type SimState } from "../state";
import type { PhaseContext } from "./phase";

/** One model per builder; beyond one per version, each is an adapter on the base model of its version. */
export async function train(state: SimState, { progress }: PhaseContext): Promise<void> {
  const { datanet, models } = state.suite;
  const { versions, modelIds } = state;
  progress.phase("train", state.options.models);
  for (let m = 0; m < state.options.models; m++) {
    const builder = await makeActor(state, `builder${m + 1}`, "builder", 0n);
    state.builders.push(builder);
    const { datanetId, version } = versions[m % versions.length];
    const baseModelId = m >= versions.length ? modelIds[m % versions.length] : undefined;
    const trained = await trainAndRegister({ datanet, models }, state.store, builder.signer, {
      datanetId,
      version,
      feePerInference: parseEther(String(1 + (m % 3))),
      modelsDir: state.modelsDir,
      baseModelId,
    });
    book(state, baseModelId === undefined ? "models.register" : "models.registerAdapter", trained);
    modelIds.push(trained.modelId);
    progress.tick();
  }
  progress.done();
}

/** Each agent, owned by its own builder, calls one model, round-robin. */
export async function registerAgents(state: SimState): Promise<void> {
  for (let a = 0; a < state.options.agents; a++) {
    const owner = await makeActor(state, `agent-owner${a + 1}`, "builder", 0n);
    state.builders.push(owner);
    const uses = [state.modelIds[a % state.modelIds.length]];
    const registered = await registerAgent(
      state.suite.agents,
      owner.signer,
      `openledger:agent:${a + 1}`,
      uses,
      parseEther("0.5"),
    );
    state.agentIds.push(book(state, "agents.register", registered).agentId);
  }
}
