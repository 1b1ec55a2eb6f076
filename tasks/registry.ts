// `model:register`, `model:show`, `agent:register`, `agent:show`: thin wrappers over src/registry.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AgentRegisterArgs, ModelRegisterArgs } from "../src/registry";
import { parseId } from "../src/cli/args";
import { runCommand } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs } from "../src/cli/options";

interface ShowArgs extends CommonArgs {
  id: string;
  json: boolean;
}

type Kind = "ModelRegistry" | "AgentRegistry";

/** Adds `--registry` and `--deployment-id`, the two ways every registry task finds its registry (and `--from`). */
const withRegistry = <T extends ReturnType<typeof task>>(t: T, name: Kind, sends = false) =>
  withCommonOptions(t, sends ? ["registry", "deploymentId", "from"] : ["registry", "deploymentId"], {
    registry: `${name} address (default: the deployed suite's)`,
  });

/** The registry a task sends to, connected to the `--from` signer, after the network banner. */
async function sendingTo<K extends Kind>(hre: HardhatRuntimeEnvironment, kind: K, args: CommonArgs) {
  const { resolveRegistry } = await import("../src/registry");
  const { resolveSigner } = await import("../src/cli/signer");
  const { announceNetwork } = await import("../src/cli/banner");
  const signer = await resolveSigner(hre, args);
  await announceNetwork(hre);
  const registry = await resolveRegistry(hre, kind, args);
  return registry.connect(signer) as typeof registry;
}

withRegistry(
  task("model:register", "Registers a base model (or a LoRA adapter with --base) and prints its id and transaction"),
  "ModelRegistry",
  true,
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
  .addOptionalParam(
    "royalty",
    "A base model's royalty on its adapters' payments, in basis points (default: the registry's)",
    undefined,
    types.string,
  )
  .setAction(async (args: ModelRegisterArgs & CommonArgs, hre) =>
    runCommand(async () => {
      const { parseModelRegistration, registerModel } = await import("../src/registry");
      const registration = await parseModelRegistration(args);
      const registered = await registerModel(await sendingTo(hre, "ModelRegistry", args), registration);
      const kind = args.base === undefined ? "model" : "adapter";
      console.log(`Registered ${kind} ${registered.id} in transaction ${registered.txHash}`);
      if (registered.termsTxHash) console.log(`Set its royalty in transaction ${registered.termsTxHash}`);
      return registered;
    }),
  );

withRegistry(task("model:show", "Prints a model's record, lineage included"), "ModelRegistry")
  .addParam("id", "Model id", undefined, types.string)
  .addFlag("json", "Print the record as JSON")
  .setAction(async (args: ShowArgs, hre) =>
    runCommand(async () => {
      const { readModel, formatModel, resolveRegistry } = await import("../src/registry");
      const { toJson } = await import("../src/read/json");
      const id = parseId(args.id, "id");
      const model = await readModel(await resolveRegistry(hre, "ModelRegistry", args), id);
      console.log(args.json ? toJson(model) : formatModel(model));
      return model;
    }),
  );

withRegistry(
  task("agent:register", "Registers an agent on one or more active models and prints its id and transaction"),
  "AgentRegistry",
  true,
)
  .addParam("uri", "Metadata URI: what the agent does, its endpoint", undefined, types.string)
  .addParam("models", "Model ids, comma-separated: 1,2", undefined, types.string)
  .addParam("fee", "Fee per task in OPEN, a decimal such as 0.1", undefined, types.string)
  .setAction(async (args: AgentRegisterArgs & CommonArgs, hre) =>
    runCommand(async () => {
      const { parseAgentRegistration, registerAgent } = await import("../src/registry");
      const registration = parseAgentRegistration(args);
      const registered = await registerAgent(await sendingTo(hre, "AgentRegistry", args), registration);
      console.log(`Registered agent ${registered.id} in transaction ${registered.txHash}`);
      return registered;
    }),
  );

withRegistry(task("agent:show", "Prints an agent's record and its models"), "AgentRegistry")
  .addParam("id", "Agent id", undefined, types.string)
  .addFlag("json", "Print the record as JSON")
  .setAction(async (args: ShowArgs, hre) =>
    runCommand(async () => {
      const { readAgent, formatAgent, resolveRegistry } = await import("../src/registry");
      const { toJson } = await import("../src/read/json");
      const id = parseId(args.id, "id");
      const agent = await readAgent(await resolveRegistry(hre, "AgentRegistry", args), id);
      console.log(args.json ? toJson(agent) : formatAgent(agent));
      return agent;
    }),
  );
