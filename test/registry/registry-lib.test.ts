// src/registry.ts and the model:/agent: tasks: argument checking, registration, and printing records.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  MAX_LINEAGE,
  MAX_MODELS,
  RegistryCommandError,
  explainRevert,
  formatAgent,
  formatModel,
  hashWeightsFile,
  parseId,
  parseLineage,
  parseModelIds,
  parseOpen,
  parseWeightsHash,
  readAgent,
  readModel,
  registerAgent,
  registerModel,
  resolveWeightsHash,
  toJson,
} from "../../src/registry";
import { WEIGHTS, deployRegistries, plain } from "../helpers/registry";
import { ModelRegistry__factory } from "../../typechain-types";

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

describe("registry library", function () {
  describe("parseLineage", function () {
    it("reads datanetId:version:weightBps entries separated by commas, spaces allowed", function () {
      expect(parseLineage("1:1:6000, 2:3:4000")).to.deep.equal([
        { datanetId: 1n, version: 1, weightBps: 6000 },
        { datanetId: 2n, version: 3, weightBps: 4000 },
      ]);
      expect(parseLineage(" 7 : 4294967295 : 10000 ")).to.deep.equal([
        { datanetId: 7n, version: 4294967295, weightBps: 10_000 },
      ]);
    });

    it("reads an empty string as the empty lineage", function () {
      expect(parseLineage("")).to.deep.equal([]);
      expect(parseLineage("  ")).to.deep.equal([]);
    });

    it("accepts MAX_LINEAGE entries", function () {
      const text = Array.from({ length: 16 }, (_, i) => `1:${i + 1}:625`).join(",");
      expect(parseLineage(text)).to.have.length(16);
    });

    const refusals: [string, string][] = [
      ["1:1", '--lineage: entry 1 ("1:1") is not datanetId:version:weightBps'],
      ["1:1:5000:1", '--lineage: entry 1 ("1:1:5000:1") is not datanetId:version:weightBps'],
      ["1:1:5000,x:1:5000", '--lineage: entry 2 ("x:1:5000"): the datanet id must be a whole number from 1'],
      ["1.5:1:10000", "the datanet id must be a whole number from 1"],
      ["0:1:10000", '--lineage: entry 1 ("0:1:10000"): the datanet id must be a whole number from 1'],
      ["1:0:10000", "the version must be a whole number from 1 to 4294967295"],
      ["1:4294967296:10000", "the version must be a whole number from 1 to 4294967295"],
      ["1:1:0,2:1:10000", '--lineage: entry 1 ("1:1:0"): the weight must be from 1 to 10000 basis points'],
      ["1:1:10001", "the weight must be from 1 to 10000 basis points"],
      ["1:1:-5000", "the weight must be from 1 to 10000 basis points"],
      ["1:1:5000,1:1:5000", '--lineage: entry 2 ("1:1:5000") repeats datanet 1 version 1'],
      ["1:1:6000,2:1:3000", "--lineage: the weights sum to 9000 basis points; they must sum to 10000"],
      [
        Array.from({ length: 17 }, (_, i) => `1:${i + 1}:1`).join(","),
        "--lineage: 17 entries; a model may cite at most 16",
      ],
    ];
    for (const [text, message] of refusals) {
      it(`refuses "${text.length > 30 ? text.slice(0, 30) + "..." : text}", naming --lineage`, function () {
        expect(() => parseLineage(text))
          .to.throw(RegistryCommandError, message)
          .with.property("message")
          .that.matches(/^--lineage: /);
      });
    }
  });

  describe("parseModelIds", function () {
    it("reads comma-separated model ids", function () {
      expect(parseModelIds("1, 2,10")).to.deep.equal([1n, 2n, 10n]);
    });

    const refusals: [string, string][] = [
      ["", "--models: give at least one model id, e.g. 1,2"],
      ["1,a", '--models: "a" is not an id (a whole number from 1)'],
      ["0", '--models: "0" is not an id'],
      ["1,,2", '--models: "" is not an id'],
      ["1,2,1", "--models: model 1 is listed twice"],
      ["1,2,3,4,5,6,7,8,9", "--models: 9 models; an agent may use at most 8"],
    ];
    for (const [text, message] of refusals) {
      it(`refuses "${text}", naming --models`, function () {
        expect(() => parseModelIds(text)).to.throw(RegistryCommandError, message);
      });
    }
  });

  describe("parseOpen and parseId", function () {
    it("reads an amount of OPEN written as a decimal into wei", function () {
      expect(parseOpen("0")).to.equal(0n);
      expect(parseOpen("1.5")).to.equal(1_500_000_000_000_000_000n);
      expect(parseOpen(" 0.000000000000000001 ")).to.equal(1n);
    });

    for (const text of ["", "abc", "-1", "1e18", "1.", ".5", "0.0000000000000000001", "1,5"]) {
      it(`refuses the amount "${text}", naming the argument`, function () {
        expect(() => parseOpen(text)).to.throw(RegistryCommandError, `--fee: "${text}" is not an amount of OPEN`);
      });
    }

    it("reads ids from 1, beyond JavaScript's safe integers", function () {
      expect(parseId("1", "id")).to.equal(1n);
      expect(parseId("90071992547409930", "id")).to.equal(90071992547409930n);
      for (const text of ["0", "-1", "1.0", "x", ""]) {
        expect(() => parseId(text, "base")).to.throw(RegistryCommandError, `--base: "${text}" is not an id`);
      }
    });
  });

  describe("the weights hash", function () {
    it("reads a 32-byte hex hash", function () {
      expect(parseWeightsHash(WEIGHTS.toUpperCase().replace("0X", "0x"))).to.equal(WEIGHTS);
    });

    it("refuses a malformed or zero hash, naming --weights-hash", function () {
      expect(() => parseWeightsHash("0x1234")).to.throw(RegistryCommandError, '--weights-hash: "0x1234" is not');
      expect(() => parseWeightsHash(WEIGHTS.slice(2))).to.throw(RegistryCommandError, "--weights-hash:");
      expect(() => parseWeightsHash(ethers.ZeroHash)).to.throw(
        RegistryCommandError,
        "--weights-hash: the weights hash cannot be zero",
      );
    });

    it("hashes a weights file with keccak-256", async function () {
      const dir = await mkdtemp(join(tmpdir(), "weights-"));
      const file = join(dir, "adapter.safetensors");
      const bytes = new Uint8Array([0, 1, 2, 250, 251, 255]);
      await writeFile(file, bytes);
      expect(await hashWeightsFile(file)).to.equal(ethers.keccak256(bytes));
      expect(await resolveWeightsHash({ weights: file })).to.equal(ethers.keccak256(bytes));
    });

    it("names --weights when the file cannot be read", async function () {
      await expect(hashWeightsFile("/nonexistent/weights.bin")).to.be.rejectedWith(
        RegistryCommandError,
        "--weights: cannot read /nonexistent/weights.bin",
      );
    });

    it("takes exactly one of --weights-hash and --weights", async function () {
      expect(await resolveWeightsHash({ weightsHash: WEIGHTS })).to.equal(WEIGHTS);
      await expect(resolveWeightsHash({})).to.be.rejectedWith(RegistryCommandError, "--weights-hash: give the");
      await expect(resolveWeightsHash({ weightsHash: WEIGHTS, weights: "w.bin" })).to.be.rejectedWith(
        RegistryCommandError,
        "give --weights-hash or --weights, not both",
      );
    });
  });

  describe("explainRevert", function () {
    const iface = ModelRegistry__factory.createInterface();
    const data = iface.encodeErrorResult("UnpublishedVersion", [1n, 3n]);

    it("names the custom error ethers decoded", function () {
      expect(explainRevert(iface, { revert: { name: "UnknownModel", args: [4n] } })).to.equal("UnknownModel(4)");
    });

    it("decodes raw revert data wherever the node nested it", function () {
      expect(explainRevert(iface, { data })).to.equal("UnpublishedVersion(1, 3)");
      // The Hardhat node's shape: { data: { message, data } }.
      expect(explainRevert(iface, { data: { message: "reverted", data } })).to.equal("UnpublishedVersion(1, 3)");
      expect(explainRevert(iface, { info: { error: { data } } })).to.equal("UnpublishedVersion(1, 3)");
    });

    it("explains nothing without revert data or with an error the registry does not declare", function () {
      expect(explainRevert(iface, new Error("connection refused"))).to.equal(undefined);
      expect(explainRevert(iface, null)).to.equal(undefined);
      expect(explainRevert(iface, { data: "0xdeadbeef" })).to.equal(undefined);
      expect(explainRevert(iface, { data: "0x" })).to.equal(undefined);
    });
  });

  describe("against deployed registries", function () {
    it("applies the same limits as the contracts", async function () {
      const { models, agents } = await loadFixture(deployed);
      expect(BigInt(MAX_LINEAGE)).to.equal(await models.MAX_LINEAGE());
      expect(BigInt(MAX_MODELS)).to.equal(await agents.MAX_MODELS());
    });

    it("registers a base model and returns its id and transaction", async function () {
      const { models, modelsAddress, deployer } = await loadFixture(deployed);
      const registered = await registerModel(hre, {
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
      await registerModel(hre, base);
      const adapter = await registerModel(hre, { ...base, base: "1", lineage: "3:1:10000" });
      const successor = await registerModel(hre, { ...base, supersedes: "1" });
      expect([adapter.id, successor.id]).to.deep.equal([2n, 3n]);
      expect((await models.getModel(2n)).baseModelId).to.equal(1n);
      expect((await models.getModel(3n)).supersedes).to.equal(1n);
      expect(await models.lineageOf(1n)).to.deep.equal([]);
    });

    it("refuses an adapter without lineage before sending anything", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      await expect(
        registerModel(hre, { uri: "u", weightsHash: WEIGHTS, fee: "1", base: "1", registry: modelsAddress }),
      ).to.be.rejectedWith(RegistryCommandError, "--lineage: an adapter (--base) must name the data it was tuned on");
      expect(await models.modelCount()).to.equal(0n);
    });

    it("reports what the registry refused, by its custom error", async function () {
      const { models, modelsAddress } = await loadFixture(deployed);
      const args = { uri: "u", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress };
      await expect(registerModel(hre, { ...args, lineage: "1:3:10000" })).to.be.rejectedWith(
        RegistryCommandError,
        "the registry refused: UnpublishedVersion(1, 3)",
      );
      await expect(registerModel(hre, { ...args, supersedes: "4" })).to.be.rejectedWith(
        RegistryCommandError,
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
        await expect(registerModel(hre, { ...args, registry })).to.be.rejectedWith(RegistryCommandError, message);
      }
      await expect(registerAgent(hre, { uri: "u", models: "1", fee: "0", registry: modelsAddress })).to.be.rejectedWith(
        RegistryCommandError,
        `the contract at ${modelsAddress} on "hardhat" is not an AgentRegistry`,
      );
    });

    it("registers an agent, and reports a refused one", async function () {
      const { models, agents, modelsAddress, agentsAddress, deployer } = await loadFixture(deployed);
      await registerModel(hre, { uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress });
      await registerModel(hre, { uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress });
      const registered = await registerAgent(hre, {
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
        registerAgent(hre, { uri: "ipfs://agent", models: "2", fee: "0", registry: agentsAddress }),
      ).to.be.rejectedWith(RegistryCommandError, "the registry refused: ModelNotActive(2)");
      expect(await agents.agentCount()).to.equal(1n);
    });

    it("reads a model and prints it as a table and as JSON", async function () {
      const { modelsAddress, deployer } = await loadFixture(deployed);
      await registerModel(hre, {
        uri: "ipfs://base",
        weightsHash: WEIGHTS,
        fee: "0.5",
        lineage: "1:1:6000,2:1:4000",
        registry: modelsAddress,
      });
      await registerModel(hre, {
        uri: "a",
        weightsHash: WEIGHTS,
        fee: "0",
        base: "1",
        lineage: "3:1:10000",
        registry: modelsAddress,
      });

      const model = await readModel(hre, modelsAddress, "1");
      expect(model).to.deep.include({ id: 1n, owner: deployer.address, baseModelId: 0n, adapterCount: 1n });
      const table = formatModel(model);
      expect(table.split("\n")[0]).to.equal("Model 1");
      expect(table).to.match(/owner\s+0x/);
      expect(table).to.match(/kind\s+base model/);
      expect(table).to.match(/supersedes\s+none/);
      expect(table).to.match(/fee per inference\s+0\.5 OPEN/);
      expect(table).to.match(/lineage\s+datanet 1 v1\s+60\.00%\n\s+datanet 2 v1\s+40\.00%/);
      expect(formatModel(await readModel(hre, modelsAddress, "2"))).to.match(/kind\s+LoRA adapter on model 1/);

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
      await registerModel(hre, { uri: "m", weightsHash: WEIGHTS, fee: "1", registry: modelsAddress });
      await registerAgent(hre, { uri: "ipfs://agent", models: "1", fee: "0.1", registry: agentsAddress });
      const agent = await readAgent(hre, agentsAddress, "1");
      expect(agent).to.deep.include({ id: 1n, feePerTask: ethers.parseEther("0.1"), active: true, models: [1n] });
      const table = formatAgent(agent);
      expect(table).to.match(/^Agent 1\n/);
      expect(table).to.match(/fee per task\s+0\.1 OPEN/);
      expect(table).to.match(/models\s+model 1$/);
      expect(JSON.parse(toJson(agent)).models).to.deep.equal(["1"]);
    });

    it("names --id when the record does not exist", async function () {
      const { modelsAddress, agentsAddress } = await loadFixture(deployed);
      await expect(readModel(hre, modelsAddress, "1")).to.be.rejectedWith(
        RegistryCommandError,
        "--id: no model 1: the registry holds 0",
      );
      await expect(readAgent(hre, agentsAddress, "3")).to.be.rejectedWith(
        RegistryCommandError,
        "--id: no agent 3: the registry holds 0",
      );
      await expect(readModel(hre, modelsAddress, "zero")).to.be.rejectedWith(RegistryCommandError, "--id:");
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
