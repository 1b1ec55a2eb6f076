// The one argument parser of every task: each function reads one kind of value and names the argument it refuses.
import { existsSync, statSync } from "node:fs";
import { getAddress, keccak256, parseEther } from "ethers";
import type { LineageEntry } from "../chain/types";
import { CommandError, argumentError, kebab } from "./errors";

/** Mirrors ModelRegistry.MAX_LINEAGE (a test checks they agree). */
export const MAX_LINEAGE = 16;
/** Mirrors AgentRegistry.MAX_MODELS (a test checks they agree). */
export const MAX_MODELS = 8;
/** A lineage's weights sum to exactly this many basis points; a quality score is at most this. */
export const TOTAL_WEIGHT_BPS = 10_000;
/** Mirrors Datanet.MAX_STAKE: a stake is stored in 96 bits. */
export const MAX_STAKE = 2n ** 96n - 1n;

const MAX_UINT32 = 2 ** 32 - 1;

/** A whole number written in decimal digits, as a bigint, or undefined when `text` is not one. */
function digits(text: string): bigint | undefined {
  return /^\d+$/.test(text) ? BigInt(text) : undefined;
}

/** Parses an id (of a datanet, contribution, model or agent): a whole number from 1. */
export function parseId(text: string, name: string): bigint {
  const id = digits(text.trim());
  if (id === undefined || id === 0n) throw argumentError(name, `"${text}" is not an id (a whole number from 1)`);
  return id;
}

/** Parses a whole number from `min` to `max` (both included) into a JavaScript number. */
export function parseWholeNumber(
  text: string,
  name: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  const value = digits(text.trim());
  if (value === undefined || value < BigInt(min) || value > BigInt(max)) {
    throw argumentError(name, `"${text}" is not a whole number from ${min} to ${max}`);
  }
  return Number(value);
}

/** Checks a number Hardhat already read as an integer (a `types.int` parameter) against `min` and `max`. */
export function checkWholeNumber(
  value: number,
  name: string,
  { min = 0, max = Number.MAX_SAFE_INTEGER }: { min?: number; max?: number } = {},
): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw argumentError(name, `${value} is not a whole number from ${min} to ${max}`);
  }
  return value;
}

/** Parses a positive count in plain or exponent notation ("10000", "1e4"). */
export function parseCount(text: string, name: string): number {
  const n = /^\d+(\.\d+)?(e\d+)?$/i.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw argumentError(name, `"${text}" is not a positive whole number (such as 10000 or 1e4)`);
  }
  return n;
}

/** Parses an amount of OPEN written as a decimal (`1.5`, at most 18 decimals) into wei. */
export function parseOpen(text: string, name: string): bigint {
  const trimmed = text.trim();
  if (!/^\d+(\.\d{1,18})?$/.test(trimmed)) {
    throw argumentError(name, `"${text}" is not an amount of OPEN (a decimal such as 0.5, at most 18 decimals)`);
  }
  return parseEther(trimmed);
}

/** Parses an amount of OPEN above zero; `what` says what it is for, e.g. "a challenge bond". */
export function parsePositiveOpen(text: string, name: string, what: string): bigint {
  const amount = parseOpen(text, name);
  if (amount === 0n) throw argumentError(name, `${what} must be more than 0 OPEN`);
  return amount;
}

/** Parses a URI that must be given (not blank), returned trimmed. */
export function parseUri(text: string, name: string): string {
  const trimmed = text.trim();
  if (trimmed === "") throw argumentError(name, "give a URI (or leave the option out)");
  return trimmed;
}

/** Parses a datanet's stake: an amount of OPEN above zero that fits the contract's 96 bits. */
export function parseStake(text: string, name: string): bigint {
  const stake = parseOpen(text, name);
  if (stake === 0n) throw argumentError(name, "a datanet's stake must be more than 0 OPEN");
  if (stake > MAX_STAKE) throw argumentError(name, `"${text}" OPEN is above the largest stake, ${MAX_STAKE} wei`);
  return stake;
}

/**
 * Parses an address: 0x and 40 hex digits, either all one case or correctly checksummed. Never a name to resolve:
 * there is no name service here, and a mistyped checksum must not pass as a valid address.
 */
export function parseAddress(text: string, name: string): string {
  const trimmed = text.trim();
  if (!/^0x[0-9a-fA-F]{40}$/.test(trimmed)) {
    throw argumentError(name, `"${text}" is not an address (0x and 40 hex digits)`);
  }
  const hex = trimmed.slice(2);
  if (hex !== hex.toLowerCase() && hex !== hex.toUpperCase() && getAddress(trimmed.toLowerCase()) !== trimmed) {
    throw argumentError(name, `"${text}" has a wrong checksum: check the address, or write it in lower case`);
  }
  return getAddress(trimmed.toLowerCase());
}

/** Parses the address of an account that is to own, receive or act: any address but zero. */
export function parseAccount(text: string, name: string): string {
  const address = parseAddress(text, name);
  if (BigInt(address) === 0n) throw argumentError(name, "the zero address is nobody's account");
  return address;
}

function basisPoints(text: string, name: string, what: string): number {
  const value = digits(text.trim());
  if (value === undefined || value > BigInt(TOTAL_WEIGHT_BPS)) {
    throw argumentError(name, `"${text}" is not ${what} (basis points, a whole number from 0 to 10000)`);
  }
  return Number(value);
}

/** Parses basis points: a whole number from 0 to 10000. */
export function parseBps(text: string, name: string): number {
  return basisPoints(text, name, "a share");
}

/** Parses a curator's quality score: basis points, 0 to 10000, as the Datanet takes them (it reverts above). */
export function parseQuality(text: string, name: string): number {
  return basisPoints(text, name, "a quality score");
}

/** Parses a 32-byte hash: 0x and 64 hex digits, returned in lower case. */
export function parseHash(text: string, name: string): string {
  const trimmed = text.trim();
  if (!/^0x[0-9a-fA-F]{64}$/.test(trimmed)) {
    throw argumentError(name, `"${text}" is not a 32-byte hex value (0x and 64 hex digits)`);
  }
  return trimmed.toLowerCase();
}

/** Parses `--weights-hash`: a 32-byte hash, not zero. */
export function parseWeightsHash(text: string, name = "weightsHash"): string {
  const hash = parseHash(text, name);
  if (BigInt(hash) === 0n) throw argumentError(name, "the weights hash cannot be zero");
  return hash;
}

/** Parses the path of a file that must exist (to be read), returned as given. */
export function parseFile(text: string, name: string): string {
  if (text.trim() === "") throw argumentError(name, "give a file");
  if (!existsSync(text)) throw argumentError(name, `no file at ${text}`);
  if (!statSync(text).isFile()) throw argumentError(name, `${text} is not a file`);
  return text;
}

/**
 * Parses a directory: one that must exist (`mustExist`, to be read), or a path where one exists or can be created
 * (anything but an existing file).
 */
export function parseDirectory(text: string, name: string, { mustExist = false } = {}): string {
  const trimmed = text.trim();
  if (trimmed === "") throw argumentError(name, "give a directory");
  const found = existsSync(trimmed);
  if (found && !statSync(trimmed).isDirectory()) throw argumentError(name, `${trimmed} is a file, not a directory`);
  if (!found && mustExist) throw argumentError(name, `no directory at ${trimmed}`);
  return trimmed;
}

/** Parses where a file is to be written: a path that is not a directory (its folder is made when written). */
export function parseOutputFile(text: string, name: string): string {
  if (text.trim() === "") throw argumentError(name, "give a file to write");
  if (existsSync(text) && statSync(text).isDirectory()) throw argumentError(name, `${text} is a directory`);
  return text;
}

/** Parses where published content is read from: an `http(s)://` base URL, or a directory that exists. */
export function parseSource(text: string, name: string): string {
  const trimmed = text.trim();
  if (/^https?:\/\//i.test(trimmed)) {
    if (!URL.canParse(trimmed)) throw argumentError(name, `"${text}" is not a URL`);
    return trimmed;
  }
  if (trimmed === "") throw argumentError(name, "give a directory or an http(s):// base URL");
  if (!existsSync(trimmed) || !statSync(trimmed).isDirectory()) {
    throw argumentError(name, `no directory at ${trimmed} (give a store directory or an http(s):// base URL)`);
  }
  return trimmed;
}

/** Ignition's rule for a deployment id, which names a folder: a letter, then letters, digits, `-` or `_`. */
export function parseDeploymentId(text: string, name: string): string {
  if (!/^[a-zA-Z][a-zA-Z0-9_-]*$/.test(text)) {
    throw argumentError(name, `"${text}" is not a deployment id (a letter, then letters, digits, - or _)`);
  }
  return text;
}

/** Parses one of `choices`, e.g. `--scenario`. */
export function parseChoice<T extends string>(text: string, name: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(text)) return text as T;
  throw new CommandError(`--${kebab(name)} must be one of ${choices.join(", ")}; got "${text}"`);
}

/** Parses a comma-separated list of `min` to `max` items, each read by `item` (which names `name` when it refuses). */
export function parseList<T>(
  text: string,
  name: string,
  item: (text: string, name: string) => T,
  { min = 1, max = Number.MAX_SAFE_INTEGER, what = "items" }: { min?: number; max?: number; what?: string } = {},
): T[] {
  const items = text.trim() === "" ? [] : text.split(",").map((part) => part.trim());
  if (items.length < min || items.length > max) {
    const range = min === max ? `${min}` : max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `${min} to ${max}`;
    throw argumentError(name, `${items.length} ${what}; give ${range}, comma-separated`);
  }
  return items.map((part) => item(part, name));
}

/** Parses `--models 1,2`: 1..MAX_MODELS distinct model ids. */
export function parseModelIds(text: string, name = "models"): bigint[] {
  const items = text.split(",").map((item) => item.trim());
  if (items.length === 1 && items[0] === "") throw argumentError(name, "give at least one model id, e.g. 1,2");
  if (items.length > MAX_MODELS) {
    throw argumentError(name, `${items.length} models; an agent may use at most ${MAX_MODELS}`);
  }
  const ids = items.map((item) => parseId(item, name));
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw argumentError(name, `model ${repeated} is listed twice`);
  return ids;
}

/**
 * Parses `--lineage "datanetId:version:weightBps,..."` and applies the contract's rules, so a mistake is reported
 * before a transaction is sent: at most MAX_LINEAGE entries, datanet ids and versions from 1, weights from 1 bps,
 * no repeated (datanet, version), weights summing to 10,000. An empty string is the empty lineage.
 */
export function parseLineage(text: string, name = "lineage"): LineageEntry[] {
  if (text.trim() === "") return [];
  const items = text.split(",").map((item) => item.trim());
  if (items.length > MAX_LINEAGE) {
    throw argumentError(name, `${items.length} entries; a model may cite at most ${MAX_LINEAGE}`);
  }
  const seen = new Set<string>();
  const entries = items.map((item, index): LineageEntry => {
    const where = `entry ${index + 1} ("${item}")`;
    const parts = item.split(":").map((part) => part.trim());
    if (parts.length !== 3) throw argumentError(name, `${where} is not datanetId:version:weightBps`);
    const [datanetId, version, weightBps] = parts.map(digits);
    if (datanetId === undefined || datanetId === 0n) {
      throw argumentError(name, `${where}: the datanet id must be a whole number from 1`);
    }
    if (version === undefined || version === 0n || version > BigInt(MAX_UINT32)) {
      throw argumentError(name, `${where}: the version must be a whole number from 1 to ${MAX_UINT32}`);
    }
    if (weightBps === undefined || weightBps === 0n || weightBps > BigInt(TOTAL_WEIGHT_BPS)) {
      throw argumentError(name, `${where}: the weight must be from 1 to ${TOTAL_WEIGHT_BPS} basis points`);
    }
    const key = `${datanetId}:${version}`;
    if (seen.has(key)) throw argumentError(name, `${where} repeats datanet ${datanetId} version ${version}`);
    seen.add(key);
    return { datanetId, version: Number(version), weightBps: Number(weightBps) };
  });
  const sum = entries.reduce((total, entry) => total + entry.weightBps, 0);
  if (sum !== TOTAL_WEIGHT_BPS) {
    throw argumentError(name, `the weights sum to ${sum} basis points; they must sum to ${TOTAL_WEIGHT_BPS}`);
  }
  return entries;
}

/** The keccak-256 of a weights file, read whole (files past about 2 GiB need `--weights-hash` instead). */
export async function hashWeightsFile(path: string, name = "weights"): Promise<string> {
  const { readFile } = await import("node:fs/promises");
  try {
    return keccak256(await readFile(path));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const hint = code === "ERR_FS_FILE_TOO_LARGE" ? "; hash it yourself and pass --weights-hash" : "";
    throw argumentError(name, `cannot read ${path}: ${message}${hint}`);
  }
}

/** The weights hash from exactly one of `--weights-hash` and `--weights`. */
export async function resolveWeightsHash(args: { weightsHash?: string; weights?: string }): Promise<string> {
  if (args.weightsHash !== undefined && args.weights !== undefined) {
    throw argumentError("weightsHash", "give --weights-hash or --weights, not both");
  }
  if (args.weights !== undefined) return hashWeightsFile(args.weights);
  if (args.weightsHash !== undefined) return parseWeightsHash(args.weightsHash);
  throw argumentError("weightsHash", "give the weights hash, or the weights file with --weights");
}

/** Parses an optional argument: undefined stays undefined, anything else goes through `parse`. */
export function optional<I, T>(value: I | undefined, name: string, parse: (value: I, name: string) => T) {
  return value === undefined ? undefined : parse(value, name);
}
