// Client helpers for the ModelRegistry and AgentRegistry: check command-line input, register, and describe records.
import { Interface, formatEther, isAddress, isHexString, keccak256, parseEther } from "ethers";
import type { ContractTransactionResponse, InterfaceAbi } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AgentRegistry, IModelRegistry, ModelRegistry } from "../typechain-types";
import { emittedEvent } from "./chain/events";

/** Mirrors ModelRegistry.MAX_LINEAGE (a test checks they agree). */
export const MAX_LINEAGE = 16;
/** Mirrors AgentRegistry.MAX_MODELS (a test checks they agree). */
export const MAX_MODELS = 8;
/** A lineage's weights sum to exactly this many basis points. */
export const TOTAL_WEIGHT_BPS = 10_000;

const MAX_UINT32 = 2 ** 32 - 1;

/** A failure a user can act on: a bad argument (named in the message) or a call the registry refused. */
export class RegistryCommandError extends Error {
  override name = "RegistryCommandError";
}

/** A lineage entry as the contract takes it. */
export interface LineageEntry {
  datanetId: bigint;
  version: number;
  weightBps: number;
}

function argumentError(argument: string, message: string): RegistryCommandError {
  return new RegistryCommandError(`--${argument}: ${message}`);
}

/** A whole number written in decimal digits, as a bigint, or undefined when `text` is not one. */
function wholeNumber(text: string): bigint | undefined {
  return /^\d+$/.test(text) ? BigInt(text) : undefined;
}

// ---------------------------------------------------------------- parsing arguments

/**
 * Parses `--lineage "datanetId:version:weightBps,..."` and applies the contract's rules, so a mistake is reported
 * before a transaction is sent: at most MAX_LINEAGE entries, datanet ids and versions from 1, weights from 1 bps,
 * no repeated (datanet, version), weights summing to 10,000. An empty string is the empty lineage.
 */
export function parseLineage(text: string): LineageEntry[] {
  if (text.trim() === "") return [];
  const items = text.split(",").map((item) => item.trim());
  if (items.length > MAX_LINEAGE) {
    throw argumentError("lineage", `${items.length} entries; a model may cite at most ${MAX_LINEAGE}`);
  }
  const seen = new Set<string>();
  const entries = items.map((item, index): LineageEntry => {
    const where = `entry ${index + 1} ("${item}")`;
    const parts = item.split(":").map((part) => part.trim());
    if (parts.length !== 3) throw argumentError("lineage", `${where} is not datanetId:version:weightBps`);
    const [datanetId, version, weightBps] = parts.map(wholeNumber);
    if (datanetId === undefined || datanetId === 0n) {
      throw argumentError("lineage", `${where}: the datanet id must be a whole number from 1`);
    }
    if (version === undefined || version === 0n || version > BigInt(MAX_UINT32)) {
      throw argumentError("lineage", `${where}: the version must be a whole number from 1 to ${MAX_UINT32}`);
    }
    if (weightBps === undefined || weightBps === 0n || weightBps > BigInt(TOTAL_WEIGHT_BPS)) {
      throw argumentError("lineage", `${where}: the weight must be from 1 to ${TOTAL_WEIGHT_BPS} basis points`);
    }
    const key = `${datanetId}:${version}`;
    if (seen.has(key)) throw argumentError("lineage", `${where} repeats datanet ${datanetId} version ${version}`);
    seen.add(key);
    return { datanetId, version: Number(version), weightBps: Number(weightBps) };
  });
  const sum = entries.reduce((total, entry) => total + entry.weightBps, 0);
  if (sum !== TOTAL_WEIGHT_BPS) {
    throw argumentError("lineage", `the weights sum to ${sum} basis points; they must sum to ${TOTAL_WEIGHT_BPS}`);
  }
  return entries;
}

/** Parses `--models 1,2`: 1..MAX_MODELS distinct model ids. */
export function parseModelIds(text: string): bigint[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.length === 1 && items[0] === "") throw argumentError("models", "give at least one model id, e.g. 1,2");
  if (items.length > MAX_MODELS) {
    throw argumentError("models", `${items.length} models; an agent may use at most ${MAX_MODELS}`);
  }
  const ids = items.map((item) => parseId(item, "models"));
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw argumentError("models", `model ${repeated} is listed twice`);
  return ids;
}

/** Parses an id (of a model or an agent): a whole number from 1. */
export function parseId(text: string, argument: string): bigint {
  const id = wholeNumber(text.trim());
  if (id === undefined || id === 0n) throw argumentError(argument, `"${text}" is not an id (a whole number from 1)`);
  return id;
}

/** Parses an amount of OPEN written as a decimal (`1.5`, at most 18 decimals) into wei. */
export function parseOpen(text: string, argument = "fee"): bigint {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,18})?$/.test(trimmed)) {
    throw argumentError(argument, `"${text}" is not an amount of OPEN (a decimal such as 0.5, at most 18 decimals)`);
  }
  return parseEther(trimmed);
}

/** Parses `--weights-hash`: 32 bytes in hex with 0x, not zero. */
export function parseWeightsHash(text: string): string {
  const trimmed = text.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(trimmed)) {
    throw argumentError("weights-hash", `"${text}" is not a 32-byte hex value (0x and 64 hex digits)`);
  }
  if (BigInt(trimmed) === 0n) throw argumentError("weights-hash", "the weights hash cannot be zero");
  return trimmed.toLowerCase();
}

/** The keccak-256 of a weights file, read whole (files past about 2 GiB need `--weights-hash` instead). */
export async function hashWeightsFile(path: string): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  try {
    return keccak256(await readFile(path));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const hint = code === "ERR_FS_FILE_TOO_LARGE" ? "; hash it yourself and pass --weights-hash" : "";
    throw argumentError("weights", `cannot read ${path}: ${message}${hint}`);
  }
}

/** The weights hash from exactly one of `--weights-hash` and `--weights`. */
export async function resolveWeightsHash(args: { weightsHash?: string; weights?: string }): Promise<string> {
  if (args.weightsHash !== undefined && args.weights !== undefined) {
    throw argumentError("weights-hash", "give --weights-hash or --weights, not both");
  }
  if (args.weights !== undefined) return hashWeightsFile(args.weights);
  if (args.weightsHash !== undefined) return parseWeightsHash(args.weightsHash);
  throw argumentError("weights-hash", "give the weights hash, or the weights file with --weights");
}

/** The ERC-165 id of an interface: the XOR of its function selectors. */
export function interfaceId(iface: Interface): string {
  let id = 0;
  iface.forEachFunction((fragment) => {
    id ^= Number.parseInt(fragment.selector.slice(2), 16);
  });
  return "0x" + (id >>> 0).toString(16).padStart(8, "0");
}

// ---------------------------------------------------------------- connecting

/** The registry at `address`, after checking that a contract is there and declares the expected interface. */
async function registryAt<T>(
  hre: HardhatRuntimeEnvironment,
  name: "ModelRegistry" | "AgentRegistry",
  address: string,
): Promise<T> {
  if (!isAddress(address)) throw argumentError("registry", `"${address}" is not an address`);
  const network = hre.network.name;
  if ((await hre.ethers.provider.getCode(address)) === "0x") {
    throw argumentError("registry", `no contract at ${address} on network "${network}"`);
  }
  const { abi } = await hre.artifacts.readArtifact(`I${name}`);
  const contract = await hre.ethers.getContractAt(name, address);
  const declares = await contract.supportsInterface(interfaceId(new Interface(abi as InterfaceAbi))).catch(() => false);
  if (!declares) {
    const article = name === "AgentRegistry" ? "an" : "a";
    throw argumentError("registry", `the contract at ${address} on "${network}" is not ${article} ${name}`);
  }
  return contract as T;
}

/** The ModelRegistry at `address`, checked. */
export function modelRegistryAt(hre: HardhatRuntimeEnvironment, address: string): Promise<ModelRegistry> {
  return registryAt<ModelRegistry>(hre, "ModelRegistry", address);
}

/** The AgentRegistry at `address`, checked. */
export function agentRegistryAt(hre: HardhatRuntimeEnvironment, address: string): Promise<AgentRegistry> {
  return registryAt<AgentRegistry>(hre, "AgentRegistry", address);
}

/**
 * The registry's custom error in a failed call, as `Name(arg, ...)`, or undefined when there is none. Where ethers
 * could decode it, it is in `revert`; otherwise the raw revert data sits under `data`, nested differently by each
 * node (the Hardhat node wraps it as `{ data: { message, data } }`).
 */
export function explainRevert(iface: Interface, error: unknown): string | undefined {
  const revert = (error as { revert?: { name: string; args: unknown[] } } | null)?.revert;
  if (revert) return `${revert.name}(${[...revert.args].join(", ")})`;
  const data = revertData(error, 0);
  const decoded = data === undefined ? null : iface.parseError(data);
  return decoded ? `${decoded.name}(${[...decoded.args].join(", ")})` : undefined;
}

function revertData(value: unknown, depth: number): string | undefined {
  if (depth > 4 || typeof value !== "object" || value === null) return undefined;
  const { data } = value as { data?: unknown };
  if (typeof data === "string" && isHexString(data) && data.length >= 10) return data;
  for (const key of ["data", "error", "info", "cause"]) {
    const found = revertData((value as Record<string, unknown>)[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Sends a transaction, turning a revert the registry explains into a RegistryCommandError naming its error. */
async function send(
  contract: ModelRegistry | AgentRegistry,
  transaction: () => Promise<ContractTransactionResponse>,
): Promise<ContractTransactionResponse> {
  try {
    return await transaction();
  } catch (error) {
    const explained = explainRevert(contract.interface, error);
    if (explained === undefined) throw error;
    throw new RegistryCommandError(`the registry refused: ${explained}`);
  }
}

// ---------------------------------------------------------------- commands

/** The arguments of `model:register`, as the task receives them. */
export interface ModelRegisterArgs {
  uri: string;
  weightsHash?: string;
  weights?: string;
  fee: string;
  lineage?: string;
  base?: string;
  supersedes?: string;
  registry: string;
}

/** What a registration produced. */
export interface Registered {
  id: bigint;
  txHash: string;
}

/** Checks every argument, then registers a base model (or an adapter when `base` is set). */
export async function registerModel(hre: HardhatRuntimeEnvironment, args: ModelRegisterArgs): Promise<Registered> {
  const lineage = parseLineage(args.lineage ?? "");
  const base = args.base === undefined ? undefined : parseId(args.base, "base");
  if (base !== undefined && lineage.length === 0) {
    throw argumentError("lineage", "an adapter (--base) must name the data it was tuned on");
  }
  const registration: IModelRegistry.RegistrationStruct = {
    metadataURI: args.uri,
    weightsHash: await resolveWeightsHash(args),
    feePerInference: parseOpen(args.fee),
    supersedes: args.supersedes === undefined ? 0n : parseId(args.supersedes, "supersedes"),
    lineage,
  };
  const registry = await modelRegistryAt(hre, args.registry);
  const tx = await send(registry, () =>
    base === undefined ? registry.registerModel(registration) : registry.registerAdapter(base, registration),
  );
  const event = emittedEvent(registry, (await tx.wait())!, "ModelRegistered");
  return { id: event.args.modelId as bigint, txHash: tx.hash };
}

/** The arguments of `agent:register`, as the task receives them. */
export interface AgentRegisterArgs {
  uri: string;
  models: string;
  fee: string;
  registry: string;
}

/** Checks every argument, then registers an agent. */
export async function registerAgent(hre: HardhatRuntimeEnvironment, args: AgentRegisterArgs): Promise<Registered> {
  const modelIds = parseModelIds(args.models);
  const fee = parseOpen(args.fee);
  const registry = await agentRegistryAt(hre, args.registry);
  const tx = await send(registry, () => registry.registerAgent(args.uri, modelIds, fee));
  const event = emittedEvent(registry, (await tx.wait())!, "AgentRegistered");
  return { id: event.args.agentId as bigint, txHash: tx.hash };
}

/** A model as `model:show` prints it. */
export interface ModelView {
  id: bigint;
  owner: string;
  baseModelId: bigint;
  supersedes: bigint;
  weightsHash: string;
  feePerInference: bigint;
  active: boolean;
  registeredAt: bigint;
  metadataURI: string;
  lineage: { datanetId: bigint; version: bigint; weightBps: bigint }[];
  adapterCount: bigint;
}

/** Reads model `id` (a string from the command line) from the registry at `address`. */
export async function readModel(hre: HardhatRuntimeEnvironment, address: string, id: string): Promise<ModelView> {
  const modelId = parseId(id, "id");
  const registry = await modelRegistryAt(hre, address);
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

/** An agent as `agent:show` prints it. */
export interface AgentView {
  id: bigint;
  owner: string;
  feePerTask: bigint;
  active: boolean;
  registeredAt: bigint;
  metadataURI: string;
  models: bigint[];
}

/** Reads agent `id` (a string from the command line) from the registry at `address`. */
export async function readAgent(hre: HardhatRuntimeEnvironment, address: string, id: string): Promise<AgentView> {
  const agentId = parseId(id, "id");
  const registry = await agentRegistryAt(hre, address);
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

// ---------------------------------------------------------------- printing

/** A record as JSON, with every bigint written as a decimal string. */
export function toJson(record: ModelView | AgentView): string {
  return JSON.stringify(record, (_key, value) => (typeof value === "bigint" ? value.toString() : value), 2);
}

function table(title: string, rows: [string, string | string[]][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [title];
  for (const [label, value] of rows) {
    const values = Array.isArray(value) ? (value.length > 0 ? value : ["none"]) : [value];
    values.forEach((line, index) => lines.push(`  ${(index === 0 ? label : "").padEnd(width)}  ${line}`));
  }
  return lines.join("\n");
}

function timestamp(seconds: bigint): string {
  return `${new Date(Number(seconds) * 1000).toISOString()} (${seconds})`;
}

function open(wei: bigint): string {
  return `${formatEther(wei)} OPEN`;
}

/** A model as a two-column table. */
export function formatModel(model: ModelView): string {
  return table(`Model ${model.id}`, [
    ["owner", model.owner],
    ["kind", model.baseModelId === 0n ? "base model" : `LoRA adapter on model ${model.baseModelId}`],
    ["supersedes", model.supersedes === 0n ? "none" : `model ${model.supersedes}`],
    ["weights hash", model.weightsHash],
    ["fee per inference", open(model.feePerInference)],
    ["active", model.active ? "yes" : "no"],
    ["registered at", timestamp(model.registeredAt)],
    ["metadata URI", model.metadataURI],
    ["adapters", model.adapterCount.toString()],
    [
      "lineage",
      model.lineage.map(
        ({ datanetId, version, weightBps }) =>
          `datanet ${datanetId} v${version}  ${(Number(weightBps) / 100).toFixed(2).padStart(6)}%`,
      ),
    ],
  ]);
}

/** An agent as a two-column table. */
export function formatAgent(agent: AgentView): string {
  return table(`Agent ${agent.id}`, [
    ["owner", agent.owner],
    ["fee per task", open(agent.feePerTask)],
    ["active", agent.active ? "yes" : "no"],
    ["registered at", timestamp(agent.registeredAt)],
    ["metadata URI", agent.metadataURI],
    ["models", agent.models.map((id) => `model ${id}`)],
  ]);
}
