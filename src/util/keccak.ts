// keccak-256 for the bulk of settlement's hashing: every chunk it stores and reads back, every logged request and
// output. js-sha3's keccak-256 is the same function as ethers' `keccak256` (a test checks them against each other),
// about three times faster in plain JavaScript, which at a million inferences an epoch is minutes.
import { keccak256 as keccakHex } from "js-sha3";

/** keccak-256 of `bytes`, as 0x-prefixed lowercase hex (what ethers' `keccak256` returns). */
export function keccak256(bytes: Uint8Array): `0x${string}` {
  return `0x${keccakHex(bytes)}`;
}
