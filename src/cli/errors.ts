// The one error policy of the command line: what the user caused becomes one clear line, a bug keeps its stack.
import { HardhatPluginError } from "hardhat/plugins";
import { describeRevert } from "../chain/revert";

/** The plugin name every task's one-line error carries. */
export const PLUGIN = "openledger";

/** A failure the user can act on: a bad argument (named in the message) or a call a contract refused. */
export class CommandError extends Error {
  override name = "CommandError";
}

/** The error for a bad argument: `--name: message`. `name` is the task parameter in camelCase or kebab-case. */
export function argumentError(name: string, message: string): CommandError {
  return new CommandError(`--${kebab(name)}: ${message}`);
}

/** `deploymentId` → `deployment-id`: how the user typed the option. */
export function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

/**
 * JavaScript's own errors, which only a bug raises: they keep their stack. Everything else a command throws was
 * thrown on purpose (a bad argument, a missing file, a refused transaction, an unreachable node) and is the user's.
 */
function isBug(error: unknown): boolean {
  return error instanceof TypeError || error instanceof ReferenceError || error instanceof SyntaxError;
}

/** The one line a user sees for `error`, a contract's custom error decoded by name. */
export function userMessage(error: unknown): string {
  if (error instanceof CommandError) return error.message;
  const refusal = asRefusal(error);
  if (refusal instanceof CommandError) return refusal.message;
  const { shortMessage, message } = error as { shortMessage?: string; message?: string };
  return shortMessage ?? message ?? String(error);
}

/** `error` as the CommandError a user sees when a contract refused the call with a custom error; else `error`. */
export function asRefusal(error: unknown): unknown {
  const revert = describeRevert(error);
  return revert ? new CommandError(`the contract refused: ${revert.short}`) : error;
}

/** Applies the policy to `error`: a HardhatPluginError with one line, or the bug itself. */
export function toUserError(error: unknown): unknown {
  if (error instanceof HardhatPluginError || isBug(error) || !(error instanceof Error)) return error;
  // A CommandError is its own message; anything else is kept as the cause, for --show-stack-traces.
  return new HardhatPluginError(PLUGIN, userMessage(error), error instanceof CommandError ? undefined : error);
}

/** Runs a task's body under the policy. */
export async function runCommand<T>(command: () => Promise<T> | T): Promise<T> {
  try {
    return await command();
  } catch (error) {
    throw toUserError(error);
  }
}

/** Runs `read` (of a file the user named with `--name`), blaming that argument for any failure. */
export async function readingArgument<T>(name: string, read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isBug(error)) throw error;
    throw argumentError(name, (error as Error).message);
  }
}
