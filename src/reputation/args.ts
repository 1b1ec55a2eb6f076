// Parsers for the feedback tasks' arguments, on top of src/cli/args: a signed value with its decimals, a tag, and
// the string caps FeedbackRegistry enforces, so that a mistake is named before anything is sent.
import { encodeBytes32String, toUtf8Bytes, ZeroHash } from "ethers";
import { parseWholeNumber } from "../cli/args";
import { argumentError } from "../cli/errors";

/** Mirrors FeedbackRegistry.MAX_VALUE_DECIMALS and SUMMARY_DECIMALS (a test checks they agree). */
export const MAX_VALUE_DECIMALS = 18;
/** Mirrors FeedbackRegistry.MAX_ABS_VALUE: the largest magnitude of a value at 18 decimals. */
export const MAX_ABS_VALUE = 10n ** 36n;
/** Mirrors FeedbackRegistry.MAX_ENDPOINT_LENGTH, in bytes. */
export const MAX_ENDPOINT_LENGTH = 256;
/** Mirrors FeedbackRegistry.MAX_URI_LENGTH, in bytes. */
export const MAX_URI_LENGTH = 512;

/** Parses `--decimals`: a whole number from 0 to MAX_VALUE_DECIMALS. */
export function parseDecimals(text: string, name = "decimals"): number {
  return parseWholeNumber(text, name, { min: 0, max: MAX_VALUE_DECIMALS });
}

/** Parses `--value`: a signed whole number which, with `decimals` decimals, is within ±MAX_ABS_VALUE at 18. */
export function parseFeedbackValue(text: string, decimals: number, name = "value"): bigint {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) {
    throw argumentError(
      name,
      `"${text}" is not a whole number (the value with --decimals implied, e.g. 9977 for 99.77)`,
    );
  }
  const value = BigInt(trimmed);
  const magnitude = (value < 0n ? -value : value) * 10n ** BigInt(MAX_VALUE_DECIMALS - decimals);
  if (magnitude > MAX_ABS_VALUE) {
    throw argumentError(name, `${text} with ${decimals} decimals is beyond ±10^18, the registry's range`);
  }
  return value;
}

/** Parses a tag: text of 1 to 31 bytes, as bytes32 (encodeBytes32String); `undefined` is no tag (zero). */
export function parseTag(text: string | undefined, name: string): string {
  if (text === undefined) return ZeroHash;
  const trimmed = text.trim();
  if (trimmed === "") throw argumentError(name, "give a tag (or leave the option out)");
  if (toUtf8Bytes(trimmed).length > 31) throw argumentError(name, `"${text}" is longer than a tag's 31 bytes`);
  return encodeBytes32String(trimmed);
}

/** Checks a string against a byte cap of the registry: an endpoint or a URI. */
export function checkLength(text: string, name: string, max: number): string {
  const length = toUtf8Bytes(text).length;
  if (length > max) throw argumentError(name, `${length} bytes; the registry takes at most ${max}`);
  return text;
}
