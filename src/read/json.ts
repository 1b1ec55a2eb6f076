// How every `--json` of the read commands writes a value: bigints as decimal strings, so that no amount loses digits.

/** `value` as JSON, each bigint a decimal string. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, (_key, field) => (typeof field === "bigint" ? field.toString() : field), 2);
}

/** A block timestamp (seconds) as an ISO date, or null for 0 (never). */
export function isoDate(seconds: bigint | number): string | null {
  const value = Number(seconds);
  return value === 0 ? null : new Date(value * 1000).toISOString();
}
