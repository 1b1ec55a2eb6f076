// The inference id: the 32 bytes an on-chain inference receipt records to tie itself to one request and its output.
//
// inferenceId = keccak256(abi.encode(bytes32 requestHash, bytes32 outputHash)), where
//   requestHash = keccak256(UTF-8 bytes of the request's canonical JSON), that JSON being exactly
//                 {"agentId":"<decimal>","modelId":"<decimal>","prompt":<JSON string>,"seed":<JSON string>}
//                 (keys sorted, no whitespace, ids as decimal strings since JSON numbers lose precision past 2^53,
//                 strings escaped as JSON.stringify escapes them);
//   outputHash  = keccak256(UTF-8 bytes of the output text).
// abi.encode of two bytes32 is their 64-byte concatenation, so Solidity recomputes the id as
// `keccak256(abi.encode(requestHash, outputHash))`.
import { AbiCoder, getBytes, toUtf8Bytes } from "ethers";
import { keccak256 } from "../util/keccak";

import { canonicalJson } from "../util/canonicalJson";

/** What an agent was asked: the ids are the on-chain uint256 ids of the model and the agent. */
export interface InferenceRequest {
  modelId: bigint;
  agentId: bigint;
  prompt: string;
  seed: string;
}

const MAX_UINT_256 = (1n << 256n) - 1n;

/** The request's canonical JSON (only the four fields above, whatever else the object carries). */
export function canonicalRequestJson(request: InferenceRequest): string {
  return canonicalJson({
    agentId: uint256String("agentId", request.agentId),
    modelId: uint256String("modelId", request.modelId),
    prompt: request.prompt,
    seed: request.seed,
  });
}

/** keccak-256 of the UTF-8 bytes of the request's canonical JSON. */
export function inferenceRequestHash(request: InferenceRequest): `0x${string}` {
  return keccak256(toUtf8Bytes(canonicalRequestJson(request)));
}

/** keccak-256 of the UTF-8 bytes of the output text; text that is not valid UTF-16 (a lone surrogate) throws. */
export function inferenceOutputHash(output: string): `0x${string}` {
  return keccak256(toUtf8Bytes(output));
}

/** keccak256(abi.encode(bytes32 inferenceRequestHash(request), bytes32 inferenceOutputHash(output))). */
export function inferenceId(request: InferenceRequest, output: string): `0x${string}` {
  const encoded = AbiCoder.defaultAbiCoder().encode(
    ["bytes32", "bytes32"],
    [inferenceRequestHash(request), inferenceOutputHash(output)],
  );
  return keccak256(getBytes(encoded));
}

function uint256String(name: string, value: bigint): string {
  if (typeof value !== "bigint" || value < 0n || value > MAX_UINT_256) {
    throw new RangeError(`${name} must be a uint256 bigint, got ${String(value)}`);
  }
  return value.toString(10);
}
