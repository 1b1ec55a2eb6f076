// spreadRemainder: the unattributed part goes by measured credit, to the wei, and size or padding earns nothing.
import { expect } from "chai";
import fc from "fast-check";
import { spreadRemainder } from "../../src/attribution/remainder";

const sum = (amounts: Map<string, bigint>) => [...amounts.values()].reduce((a, b) => a + b, 0n);

describe("spreadRemainder", function () {
  it("assigns every wei: the amounts plus what is carried add up to the remainder", function () {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 24n }),
        fc.uniqueArray(fc.tuple(fc.string({ maxLength: 3 }), fc.bigInt({ min: 0n, max: 10n ** 20n })), {
          selector: ([id]) => id,
          maxLength: 8,
        }),
        (remainder, credit) => {
          const { amounts, carried } = spreadRemainder(remainder, credit);
          expect(sum(amounts) + carried).to.equal(remainder);
          for (const value of amounts.values()) expect(value > 0n).to.equal(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  const cases: { name: string; remainder: bigint; credit: [string, bigint][]; expected: [string, bigint][] }[] = [
    {
      name: "in proportion to credit",
      remainder: 100n,
      credit: [
        ["a", 3n],
        ["b", 1n],
      ],
      expected: [
        ["a", 75n],
        ["b", 25n],
      ],
    },
    {
      name: "leftover wei to the largest fraction",
      remainder: 10n,
      credit: [
        ["a", 1n],
        ["b", 2n],
      ],
      expected: [
        ["a", 3n],
        ["b", 7n],
      ],
    },
    {
      name: "ties to the smaller id",
      remainder: 1n,
      credit: [
        ["b", 1n],
        ["a", 1n],
      ],
      expected: [["a", 1n]],
    },
    {
      name: "nothing to an id without credit",
      remainder: 9n,
      credit: [
        ["a", 0n],
        ["b", 5n],
      ],
      expected: [["b", 9n]],
    },
  ];
  for (const { name, remainder, credit, expected } of cases) {
    it(`spreads ${name}`, function () {
      expect([...spreadRemainder(remainder, credit).amounts]).to.deep.equal(expected);
    });
  }

  it("carries the whole remainder when no credit was measured, whatever the sizes", function () {
    expect(
      spreadRemainder(500n, [
        ["a", 0n],
        ["b", 0n],
      ]),
    ).to.deep.equal({ amounts: new Map(), carried: 500n });
    expect(spreadRemainder(500n, [])).to.deep.equal({ amounts: new Map(), carried: 500n });
  });

  it("gives the same amounts whatever order the credits come in", function () {
    const credit: [string, bigint][] = [
      ["x", 7n],
      ["y", 11n],
      ["z", 13n],
    ];
    expect(spreadRemainder(1000n, [...credit].reverse())).to.deep.equal(spreadRemainder(1000n, credit));
  });

  it("rejects a negative remainder, a negative credit and a duplicate id", function () {
    expect(() => spreadRemainder(-1n, [])).to.throw(RangeError, /remainder/);
    expect(() => spreadRemainder(1n, [["a", -1n]])).to.throw(RangeError, /credit of "a"/);
    expect(() =>
      spreadRemainder(1n, [
        ["a", 1n],
        ["a", 2n],
      ]),
    ).to.throw(/duplicate credit id "a"/);
  });
});
