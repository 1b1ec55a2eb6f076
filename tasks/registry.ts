// `model:register`, `model:show`, `agent:register`, `agent:show`: thin wrappers over src/registry.ts.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { HardhatPluginError } from "hardhat/plugins";
import type { AgentRegisterArgs, ModelRegisterArgs } from "../src/registry";

interface ShowArgs {
  id: string;
  registry?: string;
  deploymentId?: string;
  json: boolean;
}

/** `--registry` when given, else the registry of the suite `npx hardhat deploy` deployed on this network. */
async function registryAddress(
  hre: HardhatRuntimeEnvironment,
  args: { registry?: string; deploymentId?: string },
  which: "models" | "agents",
): Promise<string> {
  if (args.registry) return args.registry;
  const { loadDeployedSuite } = await import("../src/ops/suite");
  try {
    return await (await loadDeployedSuite(hre, args.deploymentId))[which].getAddress();
  } catch (error) {
    throw new HardhatPluginError("openledger", `give --registry, or ${(error as Error).message}`);
  }
}

/** Runs a command, turning a bad argument or a refused call into Hardhat's one-line plugin error. */
async function run<T>(command: () => Promise<T>): Promise<T> {
  const { RegistryCommandError } = await import("../src/registry");
  try {
    return await command();
  } catch (error) {
    if (error instanceof RegistryCommandError) throw new HardhatPluginError("openledger", error.message);
    throw error;
  }
}

/** Adds `--registry` and `--deployment-id`, the two ways every registry task finds its registry. */
const withRegistry = <T extends ReturnType<typeof task>>(t: T, name: "ModelRegistry" | "AgentRegistry") =>
  t
    .addOptionalParam("registry", `${name} address (default: the deployed suite's)`, undefined, types.string)
    .addOptionalParam("deploymentId", "Ignition deployment id to read addresses from", undefined, types.string);

withRegistry(
  task("model:register", "Registers a base model (or a LoRA adapter with --base) and prints its id and transaction"),
  "ModelRegistry",
)
  .addParam("uri", "Metadata URI: name, architecture, model card", undefined, types.string)
  .addOptionalParam("weightsHash", "keccak-256 of the weights file (0x and 64 hex digits)", undefined, types.string)
  .addOptionalParam(
    "weights",
    "The weights file, hashed with keccak-256 (instead of --weights-hash)",
    undefined,
    types.string,
  )
  .addParam("fee", "Fee per inference in OPEN, a decimal such as 0.5", undefined, types.string)
  .addOptionalParam(
    "lineage",
    'Training data: "datanetId:version:weightBps,...", weights summing to 10000',
    "",
    types.string,
  )
  .addOptionalParam("base", "Base model id: registers a LoRA adapter on it", undefined, types.string)
  .addOptionalParam("supersedes", "Id of the model this one replaces", undefined, types.string)
  .setAction(async (args: ModelRegisterArgs & { deploymentId?: string }, hre) =>
    run(async () => {
      const { registerModel } = await import("../src/registry");
      const registered = await registerModel(hre, { ...args, registry: await registryAddress(hre, args, "models") });
      const kind = args.base === undefined ? "model" : "adapter";
      console.log(`Registered ${kind} ${registered.id} in transaction ${registered.txHash}`);
      return registered;
    }),
  );

withRegistry(task("model:show", "Prints a model's record, lineage included"), "ModelRegistry")
  .addParam("id", "Model id", undefined, types.string)
  .addFlag("json", "Print the record as JSON")
  .setAction(async (args: ShowArgs, hre) =>
    run(async () => {
      const { readModel, formatModel, toJson } = await import("../src/registry");
      const model = await readModel(hre, await registryAddress(hre, args, "models"), args.id);
      console.log(args.json ? toJson(model) : formatModel(model));
      return model;
    }),
  );

withRegistry(
  task("agent:register", "Registers an agent on one or more active models and prints its id and transaction"),
  "AgentRegistry",
)
  .addParam("uri", "Metadata URI: what the agent does, its endpoint", undefined, types.string)
  .addParam("models", "Model ids, comma-separated: 1,2", undefined, types.string)
  .addParam("fee", "Fee per task in OPEN, a decimal such as 0.1", undefined, types.string)
  .setAction(async (args: AgentRegisterArgs & { deploymentId?: string }, hre) =>
    run(async () => {
      const { registerAgent } = await import("../src/registry");
      const registered = await registerAgent(hre, { ...args, registry: await registryAddress(hre, args, "agents") });
      console.log(`Registered agent ${registered.id} in transaction ${registered.txHash}`);
      return registered;
    }),
  );

withRegistry(task("agent:show", "Prints an agent's record and its models"), "AgentRegistry")
  .addParam("id", "Agent id", undefined, types.string)
  .addFlag("json", "Print the record as JSON")
  .setAction(async (args: ShowArgs, hre) =>
    run(async () => {
      const { readAgent, formatAgent, toJson } = await import("../src/registry");
      const agent = await readAgent(hre, await registryAddress(hre, args, "agents"), args.id);
      console.log(args.json ? toJson(agent) : formatAgent(agent));
      return agent;
    }),
  );
