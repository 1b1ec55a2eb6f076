// Canonical JSON: one byte string per value, so that a keccak-256 of the bytes can name the value on-chain.
import { compareCodeUnits } from "./order";

/** A value canonical JSON can write; maps are written as objects, which keeps keys like `__proto__` plain data. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | ReadonlyMap<string, JsonValue>
  | { readonly [key: string]: JsonValue };

/**
 * Writes `value` as JSON with no whitespace, object keys sorted by UTF-16 code units, numbers and strings as
 * `JSON.stringify` writes them. For the values this project writes (strings, integers, short decimals) this is
 * the JSON Canonicalization Scheme of RFC 8785. Non-finite numbers have no JSON form and throw.
 */
export function canonicalJson(value: JsonValue): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`canonical JSON has no form for the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries: [string, JsonValue][] =
    value instanceof Map ? [...value.entries()] : Object.entries(value as { readonly [key: string]: JsonValue });
  entries.sort(([a], [b]) => compareCodeUnits(a, b));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
}
