// Canonical JSON: one text per value whatever order its keys were built in, so its hash can name the value.
import { expect } from "chai";
import fc from "fast-check";

import { canonicalJson } from "../../src/util/canonicalJson";

describe("canonicalJson", function () {
  it("sorts keys at every depth and writes no whitespace", function () {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: true, y: null }], c: "x y" } })).to.equal(
      '{"a":{"c":"x y","d":[1,{"y":null,"z":true}]},"b":1}',
    );
  });

  it("sorts by UTF-16 code units, as RFC 8785 does", function () {
    // U+1F600 is written as the surrogates D83D DE00, so it sorts before U+FF61 although its code point is higher.
    expect(canonicalJson({ "\uff61": 6, é: 1, Z: 2, a: 3, "😀": 4, "\u20ac": 5 })).to.equal(
      '{"Z":2,"a":3,"é":1,"€":5,"😀":4,"｡":6}',
    );
  });

  it("writes a map as an object, keeping keys such as __proto__ as plain data", function () {
    const map = new Map<string, number>([
      ["constructor", 2],
      ["__proto__", 1],
    ]);
    const text = canonicalJson(map);
    expect(text).to.equal('{"__proto__":1,"constructor":2}');
    expect(Object.keys(JSON.parse(text))).to.deep.equal(["__proto__", "constructor"]);
  });

  it("gives the same text for the same entries inserted in any order", function () {
    fc.assert(
      fc.property(
        fc
          .uniqueArray(fc.tuple(fc.string(), fc.integer()), { selector: ([key]) => key })
          .chain((entries) =>
            fc.tuple(fc.constant(entries), fc.shuffledSubarray(entries, { minLength: entries.length })),
          ),
        ([entries, shuffled]) => {
          expect(canonicalJson(new Map(shuffled))).to.equal(canonicalJson(new Map(entries)));
        },
      ),
    );
  });

  it("reads back as the value it was written from", function () {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value as Parameters<typeof canonicalJson>[0]);
        expect(JSON.parse(text)).to.deep.equal(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it("refuses numbers JSON cannot write", function () {
    for (const value of [NaN, Infinity, -Infinity]) {
      expect(() => canonicalJson({ value })).to.throw(RangeError, "canonical JSON has no form");
    }
  });
});
