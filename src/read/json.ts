// How the commands write values: `--json` with bigints as decimal strings (so that no amount loses digits), amounts
// of OPEN and dates for people.
import { formatEther } from "ethers";

/** `value` as JSON, each bigint a decimal string. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, field) => (typeof field === "bigint" ? field.toString() : field), 2);
}

/** The largest uint64: the `claimableAt` of a root a challenge holds (EpochRoots' HELD), a date that never comes. */
export const HELD = 2n ** 64n - 1n;

/** A block timestamp (seconds) as an ISO date, or null for 0 and HELD (never, or not while a challenge stands). */
export function isoDate(seconds: bigint | number): string | null {
  if (BigInt(seconds) === HELD) return null;
  const value = Number(seconds);
  return value === 0 ? null : new Date(value * 1000).toISOString();
}

/** An amount of OPEN (in wei) as people read it: `2.5 OPEN`. */
export function formatOpen(wei: bigint): string {
  return `${formatEther(wei)} OPEN`;
}

/** A block timestamp (seconds) as an ISO 8601 date. */
export function formatDate(seconds: bigint): string {
  return new Date(Number(seconds) * 1000).toISOString();
}
