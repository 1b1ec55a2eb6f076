// src/registry and the model:/agent: tasks: connecting to a registry, registration, and printing records.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MAX_LINEAGE, MAX_MODELS, parseId } from "../../src/cli/args";
import { CommandError } from "../../src/cli/errors";
import {
  agentRegistryAt,
  formatAgent,
  formatModel,
  modelRegistryAt,
  parseAgentRegistration,
  parseModelRegistration,
  readAgent,
  readModel,
  registerAgent,
  registerModel,
  type AgentRegisterArgs,
  type ModelRegisterArgs,
} from "../../src/registry";
import { toJson } from "../../src/read/json";
import { WEIGHTS, deployRegistries, plain } from "../helpers/registry";

/** Registries with their addresses, as a user would pass them on the command line. */
async function deployed() {
  const fixture = await deployRegistries();
  return {
    ...fixture,
    modelsAddress: await fixture.models.getAddress(),
    agentsAddress: await fixture.agents.getAddress(),
    datanetAddress: await fixture.datanet.getAddress(),
  };
}

/** The commands as a task runs them: the arguments checked, the registry given by address checked, the command. */
async function registerModelAt(args: ModelRegisterArgs & { registry: string }) {
  const registration = await parseModelRegistration(args);
  return registerModel(await modelRegistryAt(hre, args.registry), registration);
}
async function registerAgentAt(args: AgentRegisterArgs & { registry: string }) {
  const registration = parseAgentRegistration(args);
  return registerAgent(await agentRegistryAt(hre, args.registry), registration);
}
async function readModelAt(registry: string, id: string) {
  const modelId = parseId(id, "id");
  return readModel(await modelRegistryAt(hre, registry), modelId);
}
async function readAgentAt(registry: string, id: string) {
  const agentId = parseId(id, "id");
  return readAgent(await agentRegistryAt(hre, registry), agentId);
}

/** Runs `fn` with console.log captured, returning its result and what it printed. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; printed: string }> {
  const original = console.log;
  const lines: string[] = [];
  console.log = (...args: unknown[]) => void lines.push(args.join(" "));
  try {
    return { result: await fn(), printed: lines.join("\n") };
  } finally {
    console.log = original;
  }
}

describe("registry commands", function () {
  describe("against deployed registries", function () {
    it("applies the same limits as the contracts", async function () {
      const { models, agents } = await loadFixture(deployed);
      expect(BigInt(MAX_LINEAGE)).to.equal(await models.MAX_LINEAGE());
      expect(BigInt(MAX_MODELS)).to.equal(await agents.MAX_MODELS());
    });

    it("registers a base model and returns its id and transaction", async function () {
      const { models, modelsAddress, deployer } = await loadFixture(deployed);
      const registered = await registerModelAt({
        uri: "ipfs://base",
        weightsHash: WEIGHTS,
        fee: "0.25",
        lineage: "1:1:6000,2:1:4000",
        registry: modelsAddress,
      });
      expect(registered.id).to.equal(1n);
      const receipt = await ethers.provider.getTransactionReceipt(registered.txHash);
      expect(receipt!.status).to.equal(1);
      expect(await models.ownerOf(1n)).to.equal(deployer.address);
      expect(await models.paymentInfo(1n)).to.deep.equal([deployer.address, ethers.parseEther("0.25"), true]);
      expect((await models.lineageOf(1n)).map(plain)).to.deep.equal([
        [1n, 1n, 6000n],
        [2n, 1n, 4000n],
      ]);
    });

    it("registers an adapter with --base and a model that supersedes another", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      const base = { uri: "ipfs://base", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress };
      await registerModelAt(base);
      const adapter = await registerModelAt({ ...base, base: "1", lineage: "3:1:10000" });
      const successor = await registerModelAt({ ...base, supersedes: "1" });
      expect([adapter.id, successor.id]).to.deep.equal([2n, 3n]);
      expect((await models.getModel(2n)).baseModelId).to.equal(1n);
      expect((await models.getModel(3n)).supersedes).to.equal(1n);
      expect(await models.lineageOf(1n)).to.deep.equal([]);
    });

    it("registers a base with --royalty and sets what its adapters pay it", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      const registered = await registerModelAt({
        uri: "ipfs://base",
        weightsHash: WEIGHTS,
        fee: "1",
        royalty: "2500",
        registry: modelsAddress,
      });
      expect((await ethers.provider.getTransactionReceipt(registered.termsTxHash!))!.status).to.equal(1);
      expect(plain(await models.adapterTerms(registered.id))).to.deep.equal([2500n, true]);
    });

    it("refuses a royalty above the registry's cap, or on an adapter, before sending anything", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      const args = { uri: "u", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress };
      const cap = await models.MAX_BASE_ROYALTY_BPS();
      await expect(registerModelAt({ ...args, royalty: (cap + 1n).toString() })).to.be.rejectedWith(
        CommandError,
        `--royalty: ${cap + 1n} bps is above the registry's cap of ${cap}`,
      );
      await expect(registerModelAt({ ...args, base: "1", lineage: "3:1:10000", royalty: "100" })).to.be.rejectedWith(
        CommandError,
        "--royalty: a royalty is what a base model asks of its adapters",
      );
      await expect(registerModelAt({ ...args, royalty: "12.5" })).to.be.rejectedWith(CommandError, "--royalty");
      expect(await models.modelCount()).to.equal(0n);
    });

    it("refuses an adapter without lineage before sending anything", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      await expect(
        registerModelAt({ uri: "u", weightsHash: WEIGHTS, fee: "1", base: "1", registry: modelsAddress }),
      ).to.be.rejectedWith(CommandError, "--lineage: an adapter (--base) must name the data it was tuned on");
      expect(await models.modelCount()).to.equal(0n);
    });

    it("reports what the registry refused, by its custom error", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      const args = { uri: "u", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress };
      await expect(registerModelAt({ ...args, lineage: "1:3:10000" })).to.be.rejectedWith(
        CommandError,
        "the registry refused: UnpublishedVersion(1, 3)",
      );
      await expect(registerModelAt({ ...args, supersedes: "4" })).to.be.rejectedWith(
        CommandError,
        "the registry refused: UnknownModel(4)",
      );
      expect(await models.modelCount()).to.equal(0n);
    });

    it("refuses a --registry that is not an address, holds no contract, or holds another contract", async function () {
      const { modelsAddress, agentsAddress, datanetAddress } = await loadFixture(deployed);
      const args = { uri: "u", weightsHash: WEIGHTS, fee: "1" };
      const cases: [string, string][] = [
        ["0x123", '--registry: "0x123" is not an address'],
        [ethers.ZeroAddress, `--registry: no contract at ${ethers.ZeroAddress} on network "hardhat"`],
        [datanetAddress, `--registry: the contract at ${datanetAddress} on "hardhat" is not a ModelRegistry`],
        [agentsAddress, `--registry: the contract at ${agentsAddress} on "hardhat" is not a ModelRegistry`],
      ];
      for (const [registry, message] of cases) {
        await expect(registerModelAt({ ...args, registry })).to.be.rejectedWith(CommandError, message);
      }
      await expect(registerAgentAt({ uri: "u", models: "1", fee: "0", registry: modelsAddress })).to.be.rejectedWith(
        CommandError,
        `the contract at ${modelsAddress} on "hardhat" is not an AgentRegistry`,
      );
    });

    it("registers an agent, and reports a refused one", async function () {
      const { models, agents, modelsAddress, agentsAddress, deployer } = await loadFixture(deployed);
      await registerModelAt({ uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress });
      await registerModelAt({ uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress });
      const registered = await registerAgentAt({
        uri: "ipfs://agent",
        models: "2,1",
        fee: "0.1",
        registry: agentsAddress,
      });
      expect(registered.id).to.equal(1n);
      expect(await agents.modelsOf(1n)).to.deep.equal([2n, 1n]);
      expect(await agents.paymentInfo(1n, 1n)).to.deep.equal([deployer.address, ethers.parseEther("0.1"), true, true]);

      await models.setActive(2n, false);
      await expect(
        registerAgentAt({ uri: "ipfs://agent", models: "2", fee: "0", registry: agentsAddress }),
      ).to.be.rejectedWith(CommandError, "the registry refused: ModelNotActive(2)");
      expect(await agents.agentCount()).to.equal(1n);
    });

    it("reads a model and prints it as a table and as JSON", async function () {
      const { modelsAddress, deployer } = await loadFixture(deployed);
      await registerModelAt({
        uri: "ipfs://base",
        weightsHash: WEIGHTS,
        fee: "0.5",
        lineage: "1:1:6000,2:1:4000",
        registry: modelsAddress,
      });
      await registerModelAt({
        uri: "a",
        weightsHash: WEIGHTS,
        fee: "0",
        base: "1",
        lineage: "3:1:10000",
        registry: modelsAddress,
      });

      const model = await readModelAt(modelsAddress, "1");
      expect(model).to.deep.include({ id: 1n, owner: deployer.address, baseModelId: 0n, adapterCount: 1n });
      const table = formatModel(model);
      expect(table.split("\n")[0]).to.equal("Model 1");
      expect(table).to.match(/owner\s+0x/);
      expect(table).to.match(/kind\s+base model/);
      expect(table).to.match(/supersedes\s+none/);
      expect(table).to.match(/fee per inference\s+0\.5 OPEN/);
      expect(table).to.match(/lineage\s+datanet 1 v1\s+60\.00%\n\s+datanet 2 v1\s+40\.00%/);
      expect(formatModel(await readModelAt(modelsAddress, "2"))).to.match(/kind\s+LoRA adapter on model 1/);

      const json = JSON.parse(toJson(model));
      expect(json).to.deep.include({
        id: "1",
        feePerInference: "500000000000000000",
        active: true,
        weightsHash: WEIGHTS,
      });
      expect(json.lineage).to.deep.equal([
        { datanetId: "1", version: "1", weightBps: "6000" },
        { datanetId: "2", version: "1", weightBps: "4000" },
      ]);
    });

    it("reads an agent and prints it as a table", async function () {
      const { modelsAddress, agentsAddress } = await loadFixture(deployed);
      await registerModelAt({ uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress });
      await registerAgentAt({ uri: "ipfs://agent", models: "1", fee: "0.1", registry: agentsAddress });
      const agent = await readAgentAt(agentsAddress, "1");
      expect(agent).to.deep.include({ id: 1n, feePerTask: ethers.parseEther("0.1"), active: true, models: [1n] });
      const table = formatAgent(agent);
      expect(table).to.match(/^Agent 1\n/);
      expect(table).to.match(/fee per task\s+0\.1 OPEN/);
      expect(table).to.match(/models\s+model 1$/);
      expect(JSON.parse(toJson(agent)).models).to.deep.equal(["1"]);
    });

    it("names --id when the record does not exist", async function () {
      const { modelsAddress, agentsAddress } = await loadFixture(deployed);
      await expect(readModelAt(modelsAddress, "1")).to.be.rejectedWith(
        CommandError,
        "--id: no model 1: the registry holds 0",
      );
      await expect(readAgentAt(agentsAddress, "3")).to.be.rejectedWith(
        CommandError,
        "--id: no agent 3: the registry holds 0",
      );
      await expect(readModelAt(modelsAddress, "zero")).to.be.rejectedWith(CommandError, "--id:");
    });
  });

  describe("tasks", function () {
    it("model:register and model:show print the new id, the transaction and the record", async function () {
      const { modelsAddress } = await loadFixture(deployed);
      const { result, printed } = await quietly(() =>
        hre.run("model:register", {
          uri: "ipfs://base",
          weightsHash: WEIGHTS,
          fee: "0.5",
          lineage: "1:1:10000",
          registry: modelsAddress,
        }),
      );
      expect(printed).to.equal(`Registered model 1 in transaction ${result.txHash}`);
      const adapter = await quietly(() =>
        hre.run("model:register", {
          uri: "a",
          weightsHash: WEIGHTS,
          fee: "0",
          base: "1",
          lineage: "2:1:10000",
          registry: modelsAddress,
        }),
      );
      expect(adapter.printed).to.equal(`Registered adapter 2 in transaction ${adapter.result.txHash}`);

      const shown = await quietly(() => hre.run("model:show", { id: "1", registry: modelsAddress }));
      expect(shown.printed).to.equal(formatModel(shown.result));
      const json = await quietly(() => hre.run("model:show", { id: "1", registry: modelsAddress, json: true }));
      expect(JSON.parse(json.printed)).to.deep.include({ id: "1", metadataURI: "ipfs://base" });
    });

    it("agent:register and agent:show print the new id, the transaction and the record", async function () {
      const { modelsAddress, agentsAddress } = await loadFixture(deployed);
      await quietly(() =>
        hre.run("model:register", { uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress }),
      );
      const { result, printed } = await quietly(() =>
        hre.run("agent:register", { uri: "ipfs://agent", models: "1", fee: "0.1", registry: agentsAddress }),
      );
      expect(printed).to.equal(`Registered agent 1 in transaction ${result.txHash}`);
      const shown = await quietly(() => hre.run("agent:show", { id: "1", registry: agentsAddress }));
      expect(shown.printed).to.equal(formatAgent(shown.result));
      const json = await quietly(() => hre.run("agent:show", { id: "1", registry: agentsAddress, json: true }));
      expect(JSON.parse(json.printed)).to.deep.include({ id: "1", feePerTask: "100000000000000000" });
    });

    it("stop with a one-line error naming the bad argument, registering nothing", async function () {
      const { models, modelsAddress, agentsAddress } = await loadFixture(deployed);
      await expect(
        hre.run("model:register", {
          uri: "u",
          weightsHash: WEIGHTS,
          fee: "1",
          lineage: "1:1:500",
          registry: modelsAddress,
        }),
      )
        .to.be.rejectedWith("--lineage: the weights sum to 500 basis points; they must sum to 10000")
        .and.eventually.have.property("pluginName", "openledger");
      await expect(
        hre.run("agent:register", { uri: "u", models: "1", fee: "free", registry: agentsAddress }),
      ).to.be.rejectedWith('--fee: "free" is not an amount of OPEN');
      await expect(hre.run("model:show", { id: "1", registry: "nowhere" })).to.be.rejectedWith(
        '--registry: "nowhere" is not an address',
      );
      await expect(hre.run("agent:show", { id: "-1", registry: agentsAddress })).to.be.rejectedWith(
        '--id: "-1" is not an id',
      );
      expect(await models.modelCount()).to.equal(0n);
    });
  });
});
