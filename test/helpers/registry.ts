// Fixtures and builders shared by the ModelRegistry, AgentRegistry and registry-library tests.
import { ethers } from "hardhat";
import { AgentRegistry__factory, DatanetStub__factory, ModelRegistry__factory } from "../../typechain-types";
import type { AgentRegistry, IModelRegistry, ModelRegistry } from "../../typechain-types";

export type Registration = IModelRegistry.RegistrationStruct;
/** A lineage entry as a tuple: datanet id, version, weight in basis points. */
export type Entry = [datanetId: bigint, version: number, weightBps: number];

export const FEE = ethers.parseEther("0.5");
export const WEIGHTS = ethers.keccak256(ethers.toUtf8Bytes("weights of model A"));
export const URI = "ipfs://model-a";

/** A lineage from tuples, in the struct shape the contract takes. */
export function lineage(...entries: Entry[]): IModelRegistry.LineageEntryStruct[] {
  return entries.map(([datanetId, version, weightBps]) => ({ datanetId, version, weightBps }));
}

/** A valid base-model registration citing datanet 1 v1 (60%) and datanet 2 v1 (40%), with `overrides` applied. */
export function registration(overrides: Partial<Registration> = {}): Registration {
  return {
    metadataURI: URI,
    weightsHash: WEIGHTS,
    feePerInference: FEE,
    supersedes: 0n,
    lineage: lineage([1n, 1, 6000], [2n, 1, 4000]),
    ...overrides,
  };
}

/**
 * A datanet stub with datanet 1 at versions 1 and 2 and datanets 2 and 3 at version 1 published, a ModelRegistry
 * reading it, and an AgentRegistry on that.
 */
export async function deployRegistries() {
  const [deployer, alice, bob, carol] = await ethers.getSigners();
  const datanet = await new DatanetStub__factory(deployer).deploy();
  for (const [datanetId, version] of [
    [1n, 1],
    [1n, 2],
    [2n, 1],
    [3n, 1],
  ] as const) {
    await datanet.publish(datanetId, version);
  }
  const models = await new ModelRegistry__factory(deployer).deploy(await datanet.getAddress());
  const agents = await new AgentRegistry__factory(deployer).deploy(await models.getAddress());
  return { datanet, models, agents, deployer, alice, bob, carol };
}

/** As `deployRegistries`, with alice owning base model 1 (the default registration). */
export async function withBaseModel() {
  const fixture = await deployRegistries();
  await fixture.models.connect(fixture.alice).registerModel(registration());
  return fixture;
}

/** The weights hash of the adapter `withAdapter` registers. */
export const ADAPTER_WEIGHTS = ethers.keccak256(ethers.toUtf8Bytes("LoRA weights"));

/** As `withBaseModel`, with alice also owning adapter 2 on base 1, tuned on datanet 3 v1. */
export async function withAdapter() {
  const fixture = await withBaseModel();
  await fixture.models
    .connect(fixture.alice)
    .registerAdapter(1n, registration({ weightsHash: ADAPTER_WEIGHTS, lineage: lineage([3n, 1, 10_000]) }));
  return fixture;
}

/** A struct or list read from a contract as plain nested arrays, so two reads compare with deep equality. */
export function plain(value: readonly unknown[]): unknown[] {
  return Array.from(value, (item) => (Array.isArray(item) ? plain(item) : item));
}

/** Everything a ModelRegistry stores, read through its getters, to show that a refused call changed nothing. */
export async function modelState(models: ModelRegistry, datanetIds: bigint[] = [1n, 2n, 3n]) {
  const count = await models.modelCount();
  const records = [];
  for (let id = 1n; id <= count; id++) {
    records.push({
      model: plain(await models.getModel(id)),
      lineage: (await models.lineageOf(id)).map(plain),
      owner: await models.ownerOf(id),
      adapters: await models.adaptersOf(id, 0n, 500n),
      royalty: plain(await models.royaltyInfo(id)),
      terms: (await models.getModel(id)).baseModelId === 0n ? plain(await models.adapterTerms(id)) : null,
    });
  }
  const trainedOn = await Promise.all(datanetIds.map((id) => models.modelsTrainedOn(id, 0n, 500n)));
  return { count, records, trainedOn };
}

/** Everything an AgentRegistry stores for its agents and for models 1..`maxModelId`, read through its getters. */
export async function agentState(agents: AgentRegistry, maxModelId = 10n) {
  const count = await agents.agentCount();
  const records = [];
  for (let id = 1n; id <= count; id++) {
    records.push({
      agent: plain(await agents.getAgent(id)),
      models: await agents.modelsOf(id),
      owner: await agents.ownerOf(id),
    });
  }
  const using = [];
  for (let modelId = 1n; modelId <= maxModelId; modelId++) {
    using.push(await agents.agentsUsingModel(modelId, 0n, 500n));
  }
  return { count, records, using };
}
