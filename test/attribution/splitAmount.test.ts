// splitAmount: shares become integer amounts by largest remainder, and not one wei is lost.
import { expect } from "chai";
import fc from "fast-check";
import { AttributionIndex, SHARE_SCALE, splitAmount } from "../../src/attribution/engine";

const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n);

/** Shares that add up to at most 1, as the engine returns them. */
const sharesArb = fc
  .uniqueArray(fc.record({ id: fc.string({ maxLength: 3 }), weight: fc.double({ min: 0, max: 1, noNaN: true }) }), {
    selector: (entry) => entry.id,
    maxLength: 8,
  })
  .chain((entries) =>
    fc.double({ min: 0, max: 1, noNaN: true }).map((attributed) => {
      const weights = entries.reduce((a, entry) => a + entry.weight, 0);
      return entries.map(({ id, weight }) => ({
        id,
        share: weights > 0 ? (weight / weights) * attributed * 0.999 : 0,
      }));
    }),
  );

describe("splitAmount", function () {
  it("hands out amounts and a remainder that add up to the total exactly", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), sharesArb, (total, shares) => {
        const { amounts, remainder } = splitAmount(total, shares);
        expect(sum(amounts.values()) + remainder).to.equal(total);
        expect(remainder >= 0n).to.equal(true);
        expect([...amounts.keys()].sort()).to.deep.equal(shares.map((entry) => entry.id).sort());
      }),
      { numRuns: 500 },
    );
  });

  it("gives each id its exact amount rounded down or up, after scaling the share to 1e18 parts", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), sharesArb, (total, shares) => {
        const { amounts } = splitAmount(total, shares);
        for (const { id, share } of shares) {
          // Paid is total · p / 1e18 rounded down or up, where share − 1e-18 < p / 1e18 <= share; the last term
          // allows for the test's own floating-point product.
          const exact = Number(total) * share;
          const paid = Number(amounts.get(id)!);
          expect(Math.abs(paid - exact)).to.be.at.most(1 + Number(total) / 1e18 + exact * 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("does not depend on the order of the shares", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), sharesArb, (total, shares) => {
        const forward = splitAmount(total, shares);
        const backward = splitAmount(total, [...shares].reverse());
        expect([...backward.amounts].sort()).to.deep.equal([...forward.amounts].sort());
        expect(backward.remainder).to.equal(forward.remainder);
      }),
      { numRuns: 200 },
    );
  });

  it("pays exact binary fractions exactly and returns the unattributed part as remainder", function () {
    const { amounts, remainder } = splitAmount(1000n, [
      { id: "a", share: 0.5 },
      { id: "b", share: 0.25 },
      { id: "c", share: 0.125 },
    ]);
    expect([...amounts]).to.deep.equal([
      ["a", 500n],
      ["b", 250n],
      ["c", 125n],
    ]);
    expect(remainder).to.equal(125n);
  });

  it("gives the units that rounding down leaves over to the largest remainders, ties to the smaller id", function () {
    // 10 · 0.375 = 3.75 twice and 10 · 0.25 = 2.5: floors pay 8 of 10, the two .75 remainders get one each.
    const split = splitAmount(10n, [
      { id: "c", share: 0.25 },
      { id: "b", share: 0.375 },
      { id: "a", share: 0.375 },
    ]);
    expect(Object.fromEntries(split.amounts)).to.deep.equal({ a: 4n, b: 4n, c: 2n });
    expect(split.remainder).to.equal(0n);
    // 1 wei split in halves: the tie goes to "x", the smaller id.
    expect(
      Object.fromEntries(
        splitAmount(1n, [
          { id: "y", share: 0.5 },
          { id: "x", share: 0.5 },
        ]).amounts,
      ),
    ).to.deep.equal({
      x: 1n,
      y: 0n,
    });
  });

  it("scales shares to 1e18 parts exactly, so a share of 1 pays the whole total", function () {
    const total = 123_456_789n * SHARE_SCALE + 1n;
    expect(splitAmount(total, [{ id: "all", share: 1 }])).to.deep.equal({
      amounts: new Map([["all", total]]),
      remainder: 0n,
    });
    // The double 0.1 is 0.1000000000000000055511…: exactly 100000000000000005 parts, not the 1e17 that
    // `Math.floor(0.1 * 1e18)` would give after its own rounding.
    expect(splitAmount(SHARE_SCALE, [{ id: "tenth", share: 0.1 }]).amounts.get("tenth")).to.equal(100000000000000005n);
  });

  it("splits what the engine attributes without losing a wei", function () {
    const index = AttributionIndex.build([
      { id: "A", text: "one two three four five six seven" },
      { id: "B", text: "eight nine ten eleven" },
    ]);
    const { shares } = index.attribute("one two three four five six seven and eight nine ten eleven");
    const total = 10n ** 18n + 7n;
    const { amounts, remainder } = splitAmount(total, shares);
    expect(sum(amounts.values()) + remainder).to.equal(total);
    expect(amounts.get("A")! > amounts.get("B")!).to.equal(true);
  });

  it("refuses shares above 1 in total, negative shares and a negative total", function () {
    expect(() =>
      splitAmount(1n, [
        { id: "a", share: 0.75 },
        { id: "b", share: 0.5 },
      ]),
    ).to.throw(RangeError, /more than 1/);
    expect(() => splitAmount(1n, [{ id: "a", share: -0.1 }])).to.throw(RangeError, /share of "a"/);
    expect(() => splitAmount(1n, [{ id: "a", share: NaN }])).to.throw(RangeError, /share of "a"/);
    expect(() => splitAmount(-1n, [])).to.throw(RangeError, /total/);
    expect(() =>
      splitAmount(1n, [
        { id: "a", share: 0.1 },
        { id: "a", share: 0.1 },
      ]),
    ).to.throw(/duplicate share id "a"/);
  });
});
