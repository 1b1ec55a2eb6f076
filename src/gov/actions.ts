// The proposal file format: a JSON list of actions (target contract, function signature, arguments, value),
// read, checked and encoded into the calls the Governor takes.
import { readFile } from "node:fs/promises";
import { FunctionFragment, Interface, getAddress, isAddress } from "ethers";
import { CommandError } from "../cli/errors";

/** One action as written in the file. `target` is a contract name of the suite or an address. */
export interface ActionInput {
  target: string;
  /** A function signature as Solidity writes it: `setShares((uint16,uint16,uint16,uint16))`. */
  signature: string;
  /** The arguments, as JSON values ethers can encode (numbers too large for JSON as decimal strings). */
  args?: unknown[];
  /** Wei of the chain's native coin sent with the call, as a decimal string; 0 by default. */
  value?: string;
}

/** The calls of a proposal, as the Governor's propose, queue and execute take them. */
export interface ProposalCalls {
  targets: string[];
  values: bigint[];
  calldatas: string[];
}

/**
 * Reads a proposal file: `{ "actions": [ActionInput, ...] }` or the list itself. `names` maps each contract name
 * the file may use (`rewards`, `AttributionRewards`, ...) to its address.
 */
export async function readActions(file: string, names: Readonly<Record<string, string>>): Promise<ProposalCalls> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new CommandError(`--actions: cannot read ${file}: ${(error as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { actions?: unknown } | null)?.actions;
  if (!Array.isArray(list) || list.length === 0) {
    throw new CommandError(`--actions: ${file} holds no actions (a non-empty list, or {"actions": [...]})`);
  }
  return encodeActions(list as ActionInput[], names);
}

/** Checks and encodes actions; an error names the action and the field at fault. */
export function encodeActions(actions: readonly ActionInput[], names: Readonly<Record<string, string>>): ProposalCalls {
  const calls: ProposalCalls = { targets: [], values: [], calldatas: [] };
  actions.forEach((action, i) => {
    const where = `actions[${i}]`;
    calls.targets.push(resolveTarget(action?.target, names, where));
    calls.values.push(parseValue(action.value, where));
    calls.calldatas.push(encodeCall(action.signature, action.args ?? [], where));
  });
  return calls;
}

function resolveTarget(target: unknown, names: Readonly<Record<string, string>>, where: string): string {
  if (typeof target !== "string") throw new CommandError(`${where}.target: missing (a contract name or address)`);
  if (isAddress(target)) return getAddress(target);
  const address = names[target];
  if (address === undefined) {
    const known = Object.keys(names).sort().join(", ");
    throw new CommandError(`${where}.target: "${target}" is neither an address nor a contract (${known})`);
  }
  return address;
}

function parseValue(value: unknown, where: string): bigint {
  if (value === undefined) return 0n;
  if (typeof value !== "string" || !/^\d+$/.test(value)) {
    throw new CommandError(`${where}.value: ${JSON.stringify(value)} is not wei as a decimal string`);
  }
  return BigInt(value);
}

function encodeCall(signature: unknown, args: unknown, where: string): string {
  if (typeof signature !== "string") throw new CommandError(`${where}.signature: missing (e.g. "setShares(...)")`);
  let fragment: FunctionFragment;
  try {
    fragment = FunctionFragment.from(signature.trim().startsWith("function ") ? signature : `function ${signature}`);
  } catch {
    throw new CommandError(`${where}.signature: "${signature}" is not a function signature`);
  }
  if (!Array.isArray(args) || args.length !== fragment.inputs.length) {
    throw new CommandError(`${where}.args: ${fragment.format()} takes ${fragment.inputs.length} argument(s)`);
  }
  try {
    return new Interface([fragment]).encodeFunctionData(fragment, args);
  } catch (error) {
    throw new CommandError(
      `${where}.args: do not fit ${fragment.format()}: ${(error as { shortMessage?: string }).shortMessage ?? (error as Error).message}`,
    );
  }
}
