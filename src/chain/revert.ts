// The one revert decoder: names the custom error (with its arguments) that any suite contract reverted with.
import { ErrorFragment, Interface, isHexString } from "ethers";
import type * as Typechain from "../../typechain-types";

/** A decoded custom error: its name, its arguments in order and by name, and how a message writes it. */
export interface Revert {
  name: string;
  /** The arguments in declaration order. */
  args: unknown[];
  /** The arguments by their names in the interface (an unnamed argument is keyed by its position). */
  named: Record<string, unknown>;
  /** `Name(1, 3)`, as messages and the simulation's audit write it. */
  short: string;
  /** `Name(datanetId: 1, version: 3)`, for a reader who does not know the error's signature. */
  long: string;
}

let suiteErrorsCache: Interface | undefined;

/**
 * Every custom error any suite contract declares (OpenZeppelin's included), each once. Read from the TypeChain
 * factories on first use, not at load: the Hardhat config loads this module before anything is compiled.
 */
export function suiteErrors(): Interface {
  if (suiteErrorsCache) return suiteErrorsCache;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const factories = require("../../typechain-types") as typeof Typechain;
  const bySelector = new Map<string, ErrorFragment>();
  for (const factory of [
    factories.OpenToken__factory,
    factories.Datanet__factory,
    factories.ModelRegistry__factory,
    factories.AgentRegistry__factory,
    factories.AttributionRewards__factory,
    factories.RootChallenges__factory,
    factories.AgentStakes__factory,
    factories.OpenLedgerGovernor__factory,
    factories.OpenLedgerTimelock__factory,
    factories.FeedbackRegistry__factory,
  ]) {
    factory.createInterface().forEachError((fragment) => bySelector.set(fragment.selector, fragment));
  }
  return (suiteErrorsCache = new Interface([...bySelector.values()]));
}

function format(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(format).join(", ")}]`;
  return String(value);
}

function decoded(fragment: ErrorFragment | undefined, name: string, args: readonly unknown[]): Revert {
  const values = [...args];
  const named: Record<string, unknown> = {};
  const labels = values.map((_, i) => fragment?.inputs[i]?.name || String(i));
  values.forEach((value, i) => (named[labels[i]] = value));
  return {
    name,
    args: values,
    named,
    short: `${name}(${values.map(format).join(", ")})`,
    long: `${name}(${values.map((value, i) => `${labels[i]}: ${format(value)}`).join(", ")})`,
  };
}

/**
 * The custom error in a failed call or transaction, or undefined when there is none. Where ethers decoded it, it is
 * in `revert`; otherwise the raw revert data sits under `data`, nested differently by each node (the Hardhat node
 * wraps it as `{ data: { message, data } }`), and is decoded against `iface` (by default every suite contract's).
 */
export function describeRevert(error: unknown, iface: Interface = suiteErrors()): Revert | undefined {
  const revert = (error as { revert?: { name?: string; args?: unknown[] } } | null)?.revert;
  if (revert?.name) {
    const fragment = iface.getError(revert.name) ?? suiteErrors().getError(revert.name) ?? undefined;
    return decoded(fragment, revert.name, revert.args ?? []);
  }
  const data = revertData(error, 0);
  if (data === undefined) return undefined;
  const parsed = iface.parseError(data);
  return parsed ? decoded(parsed.fragment, parsed.name, [...parsed.args]) : undefined;
}

/**
 * The custom error a refused call reverted with as `Name(arg1, arg2)` (the simulation's audit compares these), else
 * the error's own short message: what a report shows for any failure.
 */
export function revertName(error: unknown): string {
  const found = describeRevert(error);
  if (found) return found.short;
  const e = (error ?? {}) as { shortMessage?: string; message?: string };
  const message = e.message ?? String(error);
  return message.match(/custom error '([^']+)'/)?.[1] ?? e.shortMessage ?? message;
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
