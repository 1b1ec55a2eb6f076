// SplitMix64 and seeds: the reference outputs, and one stream per integer however the seed is written.
import { expect } from "chai";
import fc from "fast-check";

import { SplitMix64, seedDigest } from "../../src/util/random";

function take(random: SplitMix64, n: number): bigint[] {
  return Array.from({ length: n }, () => random.nextUint64());
}

describe("SplitMix64", function () {
  it("produces the reference outputs of SplitMix64 from state 0 and from state 1234567", function () {
    expect(take(new SplitMix64(0n), 3)).to.deep.equal([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
    expect(take(new SplitMix64(1234567n), 5)).to.deep.equal([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
      4593380528125082431n,
      16408922859458223821n,
    ]);
  });

  it("draws floats in [0, 1)", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (state) => {
        const random = new SplitMix64(state);
        for (let i = 0; i < 10; i++) {
          const x = random.nextFloat();
          expect(x).to.be.at.least(0).and.below(1);
        }
      }),
    );
  });

  it("gives one stream for an integer seed written as a number, a bigint, a decimal or a hex string", function () {
    const expected = take(SplitMix64.fromSeed(42), 4);
    for (const seed of [42n, "42", "0x2a", "0x2A", "0042"]) {
      expect(take(SplitMix64.fromSeed(seed), 4)).to.deep.equal(expected);
    }
    expect(seedDigest(42)).to.equal(seedDigest(42n));
  });

  it("gives different streams for different seeds", function () {
    const streams = [0, 1, 43, "hello", "Hello", "", 2n ** 255n].map((seed) => take(SplitMix64.fromSeed(seed), 2));
    expect(new Set(streams.map(String)).size).to.equal(streams.length);
  });

  it("refuses seeds that are not integers in [0, 2^256)", function () {
    for (const seed of [-1, 1.5, 2 ** 53, NaN, -1n, 2n ** 256n]) {
      expect(() => SplitMix64.fromSeed(seed), String(seed)).to.throw(RangeError);
    }
  });
});
