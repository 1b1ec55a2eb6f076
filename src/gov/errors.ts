// The governance commands' one error type and the line a refused call prints, its custom error decoded by name.
// (Stands in for the CLI layer's error policy and revert decoder until src/cli is on main; the shapes match.)
import type { Interface } from "ethers";

/** A failure the user can act on: a bad argument or file (named in the message), or a call a contract refused. */
export class GovCommandError extends Error {
  override name = "GovCommandError";
}

/** The error for a bad argument: `--name: message`. */
export function argumentError(name: string, message: string): GovCommandError {
  return new GovCommandError(`--${name}: ${message}`);
}

/** The revert data an ethers error carries, wherever the provider put it. */
function revertData(error: unknown): string | undefined {
  for (let e = error as { data?: unknown; error?: unknown; info?: { error?: unknown } } | undefined; e;) {
    if (typeof e.data === "string" && e.data.startsWith("0x") && e.data.length >= 10) return e.data;
    e = (e.error ?? e.info?.error) as typeof e | undefined;
  }
  return undefined;
}

/**
 * `error`, if a contract refused the call with a custom error one of `interfaces` declares, as a GovCommandError
 * naming it with its arguments (`ProtocolShareAboveCap(1001, 1000)`); otherwise `error` itself.
 */
export function decodeRevert(error: unknown, interfaces: readonly Interface[]): unknown {
  const data = revertData(error);
  if (data === undefined) return error;
  for (const iface of interfaces) {
    const parsed = iface.parseError(data);
    if (parsed) return new GovCommandError(`the contract refused: ${parsed.name}(${parsed.args.join(", ")})`);
  }
  return error;
}
