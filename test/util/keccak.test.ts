// The fast keccak-256 settlement hashes with: the same function as ethers' (and the EVM's), on any bytes.
import { expect } from "chai";
import fc from "fast-check";
import { keccak256 as ethersKeccak256, toUtf8Bytes } from "ethers";

import { keccak256 } from "../../src/util/keccak";

describe("keccak256 (src/util/keccak)", function () {
  it("gives the reference digests of the empty input and of 'abc'", function () {
    expect(keccak256(new Uint8Array())).to.equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    expect(keccak256(toUtf8Bytes("abc"))).to.equal(
      "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
  });

  it("equals ethers' keccak256 on random bytes of every length around the 136-byte block", function () {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 600 }), (bytes) => {
        expect(keccak256(bytes)).to.equal(ethersKeccak256(bytes));
      }),
      { numRuns: 500 },
    );
  });
});
