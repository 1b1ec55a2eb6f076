// Seeded pseudo-random generators: SplitMix64 for Model Factory sampling, mulberry32 for simulated and benchmark data.
import { AbiCoder, getBytes, keccak256, toUtf8Bytes } from "ethers";

const MASK_64 = (1n << 64n) - 1n;
const MAX_UINT_256 = (1n << 256n) - 1n;
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;

/** A seed: an integer in [0, 2^256) as a number, bigint or decimal or `0x` string, or any other string. */
export type Seed = number | bigint | string;

/**
 * SplitMix64 (Steele, Lea and Flood, 2014; the generator Java's `SplittableRandom` and the xoshiro authors use
 * for seeding): a 64-bit counter stepped by the golden gamma and passed through a bijective mixer. It is not
 * cryptographic; it only has to be fast, well spread and identical everywhere, which BigInt arithmetic gives.
 */
export class SplitMix64 {
  private state: bigint;

  /** Starts from the 64-bit `state` as is (reduced modulo 2^64); use `fromSeed` to start from a `Seed`. */
  constructor(state: bigint) {
    this.state = BigInt.asUintN(64, state);
  }

  /** A generator whose 64-bit state is the first 8 bytes of `seedDigest(seed)`. */
  static fromSeed(seed: Seed): SplitMix64 {
    return new SplitMix64(BigInt(seedDigest(seed).slice(0, 18)));
  }

  /** The next 64-bit output. */
  nextUint64(): bigint {
    this.state = (this.state + GOLDEN_GAMMA) & MASK_64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    return z ^ (z >> 31n);
  }

  /** A float uniform in [0, 1): the top 53 bits of the next output, the precision of a double. */
  nextFloat(): number {
    return Number(this.nextUint64() >> 11n) / 2 ** 53;
  }
}

/**
 * keccak-256 of a seed's canonical bytes. An integer seed, whichever way it is written (`42`, `42n`, `"42"`,
 * `"0x2a"`), is the 32-byte big-endian ABI encoding of the integer, so all four give the same stream; any other
 * string is its UTF-8 bytes. Negative, fractional or unsafe numbers and integers of 2^256 or more throw.
 */
export function seedDigest(seed: Seed): `0x${string}` {
  return keccak256(seedBytes(seed)) as `0x${string}`;
}

function seedBytes(seed: Seed): Uint8Array {
  if (typeof seed === "string" && !/^(?:[0-9]+|0x[0-9a-fA-F]+)$/.test(seed)) return toUtf8Bytes(seed);
  if (typeof seed === "number" && !Number.isSafeInteger(seed)) {
    throw new RangeError(`a numeric seed must be a safe integer, got ${seed}; pass a bigint or a string instead`);
  }
  const value = BigInt(seed);
  if (value < 0n || value > MAX_UINT_256) throw new RangeError(`an integer seed must be in [0, 2^256), got ${value}`);
  return getBytes(AbiCoder.defaultAbiCoder().encode(["uint256"], [value]));
}

/**
 * mulberry32: a tiny 32-bit seeded PRNG giving floats in [0, 1). The simulation and the attribution benchmark draw
 * their inputs from it, so a seed names the same data on every run and machine. It stays beside SplitMix64 rather
 * than being replaced by it because another stream would change every simulated run and benchmark a seed names.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
