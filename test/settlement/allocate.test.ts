// The money rules of settlement/allocate: the lineage split (dust to entry 0, as the contract does), the
// largest-remainder rule and one version's allocation, as tables of hand-computed wei and as properties.
import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { LineageEntry } from "../../src/chain/types";
import {
  attributeVersion,
  proRata,
  splitByLineage,
  splitPools,
  spreadByBytes,
  takeRoyalty,
  type CorpusContribution,
} from "../../src/settlement/allocate";
import { deployRewards, MODEL, NO_AGENT } from "../helpers/rewards";

const SEED = 20261201;
const sum = (values: Iterable<bigint>) => [...values].reduce((a, b) => a + b, 0n);

/** A lineage from its weights alone: entry i cites datanet i + 1, version 1. */
const lineageOf = (...weightsBps: number[]): LineageEntry[] =>
  weightsBps.map((weightBps, i) => ({ datanetId: BigInt(i + 1), version: 1, weightBps }));

/** Weights that sum to 10,000, as ModelRegistry requires of a lineage: 1 to 16 entries, each at least 1 bp. */
const registryWeightsArb = fc.integer({ min: 1, max: 16 }).chain((length) =>
  fc.uniqueArray(fc.integer({ min: 1, max: 9_999 }), { minLength: length - 1, maxLength: length - 1 }).map((cuts) => {
    const points = [0, ...[...cuts].sort((a, b) => a - b), 10_000];
    return points.slice(1).map((point, i) => point - points[i]);
  }),
);

describe("splitByLineage", function () {
  const rows: { description: string; amount: bigint; weightsBps: number[]; expected: bigint[] }[] = [
    { description: "an empty lineage gets no parts", amount: 0n, weightsBps: [], expected: [] },
    { description: "a single entry takes everything", amount: 12_345n, weightsBps: [10_000], expected: [12_345n] },
    { description: "nothing splits into nothing", amount: 0n, weightsBps: [6_000, 4_000], expected: [0n, 0n] },
    { description: "60/40 of 10 wei is exact", amount: 10n, weightsBps: [6_000, 4_000], expected: [6n, 4n] },
    // Entry 1: ⌊1 · 5000 / 10000⌋ = 0, so the one wei is entry 0's.
    { description: "1 wei halved goes to entry 0", amount: 1n, weightsBps: [5_000, 5_000], expected: [1n, 0n] },
    // Entries 1 and 2: ⌊7 · 3333 / 10000⌋ = ⌊2.3331⌋ = 2 and ⌊7 · 3334 / 10000⌋ = ⌊2.3338⌋ = 2; entry 0: 7 − 4 = 3.
    {
      description: "7 wei in thirds: both floors lose, entry 0 takes the dust",
      amount: 7n,
      weightsBps: [3_333, 3_333, 3_334],
      expected: [3n, 2n, 2n],
    },
    // Entry 1: ⌊999 · 9999 / 10000⌋ = ⌊998.9001⌋ = 998; entry 0 gets 1 wei though its exact part is 0.0999.
    {
      description: "the dust goes to entry 0 even when its weight is the smallest",
      amount: 999n,
      weightsBps: [1, 9_999],
      expected: [1n, 998n],
    },
    // (1e18 + 1) / 4 = 2.5e17 + 0.25: three floors of 2.5e17, entry 0 gets 2.5e17 + 1.
    {
      description: "quarters of 1e18 + 1 wei: three floors and entry 0 one wei more",
      amount: 10n ** 18n + 1n,
      weightsBps: [2_500, 2_500, 2_500, 2_500],
      expected: [
        250_000_000_000_000_001n,
        250_000_000_000_000_000n,
        250_000_000_000_000_000n,
        250_000_000_000_000_000n,
      ],
    },
    // ModelRegistry refuses a zero weight; were one there, ⌊10 · 0 / 10000⌋ = 0 and entry 0 keeps all 10.
    { description: "an entry of weight zero gets nothing", amount: 10n, weightsBps: [10_000, 0], expected: [10n, 0n] },
    // Entry 1: ⌊100 · 2000 / 10000⌋ = 20; entry 0 the rest, 80, whatever its own weight says.
    {
      description: "entry 0 takes the rest, not its weight, when the weights fall short of 10,000",
      amount: 100n,
      weightsBps: [1_000, 2_000],
      expected: [80n, 20n],
    },
  ];

  it("refuses weights after entry 0 that take more than the amount, as the contract's checked subtraction does", function () {
    expect(() => splitByLineage(100n, lineageOf(1, 6_000, 6_000))).to.throw(
      "lineage weights after entry 0 take 120 of 100: more than all",
    );
  });

  for (const { description, amount, weightsBps, expected } of rows) {
    it(`${description}: ${amount} over [${weightsBps.join(", ")}] bps is [${expected.join(", ")}]`, function () {
      const parts = splitByLineage(amount, lineageOf(...weightsBps));
      expect(parts).to.deep.equal(expected);
      expect(sum(parts)).to.equal(amount);
    });
  }

  it("adds up to the amount, pays no entry a negative part and floors every entry but the first", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), registryWeightsArb, (amount, weights) => {
        const parts = splitByLineage(amount, lineageOf(...weights));
        expect(sum(parts)).to.equal(amount);
        parts.forEach((part, i) => {
          const floor = (amount * BigInt(weights[i])) / 10_000n;
          if (i > 0) expect(part).to.equal(floor);
          // The dust entry 0 takes is below one wei per other entry.
          else expect(part >= floor && part - floor < BigInt(weights.length)).to.equal(true);
        });
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  describe("credits the pools exactly as AttributionRewards does", function () {
    const rows: { description: string; price: bigint; weightsBps: number[]; pools: bigint[] }[] = [
      // Default shares 5% / 15% / 30% / 50%, no agent: the data pool is 7 − ⌊0.35⌋ − ⌊1.05⌋ − ⌊2.1⌋ = 7 − 0 − 1 − 2 = 4;
      // entries 1 and 2 get ⌊4 · 3333 / 10000⌋ = 1 and ⌊4 · 3334 / 10000⌋ = 1, entry 0 the other 2.
      { description: "a 7 wei price in thirds", price: 7n, weightsBps: [3_333, 3_333, 3_334], pools: [2n, 1n, 1n] },
      // Data pool: 1001 − ⌊50.05⌋ − ⌊150.15⌋ − ⌊300.3⌋ = 1001 − 50 − 150 − 300 = 501; entry 1: ⌊501 · 9999 / 10000⌋ = 500.
      { description: "a 1001 wei price, 1 bp to entry 0", price: 1001n, weightsBps: [1, 9_999], pools: [1n, 500n] },
      // Data pool: 3 − 0 − 0 − 0 = 3; entries 1..4: ⌊3 · 2000 / 10000⌋ = 0 each, entry 0 all 3.
      {
        description: "a 3 wei price over five equal entries",
        price: 3n,
        weightsBps: [2_000, 2_000, 2_000, 2_000, 2_000],
        pools: [3n, 0n, 0n, 0n, 0n],
      },
    ];

    for (const { description, price, weightsBps, pools } of rows) {
      it(`${description}: the pools are [${pools.join(", ")}]`, async function () {
        const { models, rewards, payer } = await loadFixture(deployRewards);
        const lineage = lineageOf(...weightsBps);
        await models.setFee(MODEL, price);
        await models.setLineage(MODEL, lineage);
        const [, split] = await rewards.quote(MODEL, NO_AGENT);
        await rewards.connect(payer).payInference(ethers.id(description), MODEL, NO_AGENT, price);

        const onChain = await Promise.all(lineage.map((e) => rewards.poolFunded(e.datanetId, e.version)));
        expect(onChain).to.deep.equal(pools);
        expect(splitByLineage(split.dataPoolAmount, lineage)).to.deep.equal(pools);
      });
    }
  });
});

describe("proRata", function () {
  const rows: {
    description: string;
    total: bigint;
    weights: [string, bigint][];
    expected: Record<string, bigint>;
  }[] = [
    { description: "nothing to divide gives everyone zero", total: 0n, weights: [["1", 1n]], expected: { "1": 0n } },
    // 10 / 3: floors 3, 3, 3, every remainder 1; the one leftover wei goes to the smallest key.
    {
      description: "10 wei over equal weights: the tie goes to the smallest key",
      total: 10n,
      weights: [
        ["1", 1n],
        ["2", 1n],
        ["3", 1n],
      ],
      expected: { "1": 4n, "2": 3n, "3": 3n },
    },
    {
      description: "the tie does not depend on the order the keys are given in",
      total: 10n,
      weights: [
        ["3", 1n],
        ["2", 1n],
        ["1", 1n],
      ],
      expected: { "1": 4n, "2": 3n, "3": 3n },
    },
    // 2 / 3: floors 0, remainders 2 each; two leftover wei to the two smallest keys.
    {
      description: "2 wei over three equal weights: the two smallest keys",
      total: 2n,
      weights: [
        ["1", 1n],
        ["2", 1n],
        ["3", 1n],
      ],
      expected: { "1": 1n, "2": 1n, "3": 0n },
    },
    // 10 · 1/6 = 1.67, 10 · 2/6 = 3.33, 10 · 3/6 = 5: floors 9, remainders 4, 2, 0 (sixths); the leftover to key 1.
    {
      description: "the leftover goes to the largest remainder, not the largest weight",
      total: 10n,
      weights: [
        ["1", 1n],
        ["2", 2n],
        ["3", 3n],
      ],
      expected: { "1": 2n, "2": 3n, "3": 5n },
    },
    // Equal weights, 1 wei: 9 < 10 as integers (as strings "10" < "9").
    {
      description: "decimal keys are compared as integers",
      total: 1n,
      weights: [
        ["10", 1n],
        ["9", 1n],
      ],
      expected: { "9": 1n, "10": 0n },
    },
    {
      description: "other keys are compared as strings",
      total: 1n,
      weights: [
        ["b", 1n],
        ["a", 1n],
      ],
      expected: { a: 1n, b: 0n },
    },
    {
      description: "a decimal key and another are compared as strings",
      total: 1n,
      weights: [
        ["a", 1n],
        ["10", 1n],
      ],
      expected: { "10": 1n, a: 0n },
    },
    // 11 / 2: floors 5, 5, remainders 1, 1, and 0 for the zero weight; the leftover to y.
    {
      description: "a zero weight gets nothing, not even a leftover wei",
      total: 11n,
      weights: [
        ["x", 0n],
        ["y", 1n],
        ["z", 1n],
      ],
      expected: { x: 0n, y: 6n, z: 5n },
    },
    // All zero: as if every weight were 1, so 10 / 3 again.
    {
      description: "all-zero weights divide equally",
      total: 10n,
      weights: [
        ["1", 0n],
        ["2", 0n],
        ["3", 0n],
      ],
      expected: { "1": 4n, "2": 3n, "3": 3n },
    },
    // Six equal weights, 5 wei: every floor is 0, the five smallest keys get one each.
    {
      description: "up to one wei short per key is handed out in one pass",
      total: 5n,
      weights: ["1", "2", "3", "4", "5", "6"].map((key): [string, bigint] => [key, 1n]),
      expected: { "1": 1n, "2": 1n, "3": 1n, "4": 1n, "5": 1n, "6": 0n },
    },
    {
      description: "exact parts of 1e18 are paid exactly",
      total: 10n ** 18n,
      weights: [
        ["1", 3_000n],
        ["2", 7_000n],
      ],
      expected: { "1": 300_000_000_000_000_000n, "2": 700_000_000_000_000_000n },
    },
  ];

  for (const { description, total, weights, expected } of rows) {
    it(description, function () {
      const parts = proRata(total, weights);
      expect(Object.fromEntries(parts)).to.deep.equal(expected);
      expect(sum(parts.values())).to.equal(total);
    });
  }

  it("divides nothing among nobody, and refuses to divide something among nobody", function () {
    expect(proRata(0n, []).size).to.equal(0);
    expect(() => proRata(1n, [])).to.throw("cannot divide 1 among nobody");
  });

  it("refuses a negative weight and a key given twice", function () {
    expect(() =>
      proRata(1n, [
        ["a", 1n],
        ["b", -1n],
      ]),
    ).to.throw("negative weight for b");
    expect(() =>
      proRata(1n, [
        ["a", 1n],
        ["a", 2n],
      ]),
    ).to.throw("key a appears twice");
  });

  const weightsArb = fc.uniqueArray(
    fc.tuple(fc.nat({ max: 40 }).map(String), fc.bigInt({ min: 0n, max: 10n ** 12n })),
    {
      selector: ([key]) => key,
      minLength: 1,
      maxLength: 12,
    },
  );

  it("conserves the total, pays no key a negative part and each key its exact part rounded down or up", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), weightsArb, (total, weights) => {
        const parts = proRata(total, weights);
        expect(sum(parts.values())).to.equal(total);
        const weightSum = sum(weights.map(([, weight]) => weight));
        for (const [key, weight] of weights) {
          const part = parts.get(key)!;
          expect(part >= 0n).to.equal(true);
          if (weightSum === 0n) continue;
          const floor = (total * weight) / weightSum;
          expect(part === floor || part === floor + 1n).to.equal(true);
          if (weight === 0n) expect(part).to.equal(0n);
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it("gives the same parts whatever the order of the weights", function () {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 24n }), weightsArb, (total, weights) => {
        const forward = Object.fromEntries(proRata(total, weights));
        expect(Object.fromEntries(proRata(total, [...weights].reverse()))).to.deep.equal(forward);
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});

/** One version's part of a payment with no measured credit elsewhere: the attributed part, the rest by bytes. */
function allocateVersion(
  amount: bigint,
  corpus: CorpusContribution[],
  attribution: { shares: { id: string; share: number }[]; unattributed: number } | undefined,
) {
  if (corpus.length === 0) throw new Error("a published version has at least one contribution");
  const allocation = attributeVersion(amount, corpus, attribution);
  for (const [id, value] of spreadByBytes(allocation.unattributed, corpus)) {
    allocation.byContribution.set(id, (allocation.byContribution.get(id) ?? 0n) + value);
  }
  return allocation;
}

describe("attributeVersion, then spreadByBytes for a version without measured credit", function () {
  const contribution = (id: bigint, sizeBytes: bigint, qualityBps: number): CorpusContribution => ({
    contributionId: id,
    contributor: `0x${id.toString().padStart(40, "0")}`,
    sizeBytes,
    qualityBps,
  });
  // Remainder weights sizeBytes · qualityBps: 1e6, 3e6 and 0.
  const corpus = [contribution(1n, 100n, 10_000), contribution(2n, 300n, 10_000), contribution(3n, 100n, 0)];

  const rows: {
    description: string;
    amount: bigint;
    corpus: CorpusContribution[];
    attribution: { shares: { id: string; share: number }[]; unattributed: number } | undefined;
    expected: { byContribution: Record<string, bigint>; attributed: bigint; unattributed: bigint };
  }[] = [
    {
      description: "nothing to allocate credits no one",
      amount: 0n,
      corpus,
      attribution: undefined,
      expected: { byContribution: {}, attributed: 0n, unattributed: 0n },
    },
    // No output known: 1000 by 1 : 3 : 0 is 250, 750 and 0, and a zero is not listed.
    {
      description: "an unknown output spreads the whole amount by bytes times quality",
      amount: 1000n,
      corpus,
      attribution: undefined,
      expected: { byContribution: { "1": 250n, "2": 750n }, attributed: 0n, unattributed: 1000n },
    },
    // Half attributed to 1: 500; the other 500 by 1 : 3 : 0 is 125, 375; so 1 gets 625.
    {
      description: "the attributed part goes by share and the rest by bytes times quality",
      amount: 1000n,
      corpus,
      attribution: { shares: [{ id: "1", share: 0.5 }], unattributed: 0.5 },
      expected: { byContribution: { "1": 625n, "2": 375n }, attributed: 500n, unattributed: 500n },
    },
    // 8 · 0.25 = 2 and 8 · 0.75 = 6: everything attributed, so contribution 3's zero quality does not matter.
    {
      description: "a fully attributed amount follows the shares alone",
      amount: 8n,
      corpus,
      attribution: {
        shares: [
          { id: "1", share: 0.25 },
          { id: "3", share: 0.75 },
        ],
        unattributed: 0,
      },
      expected: { byContribution: { "1": 2n, "3": 6n }, attributed: 8n, unattributed: 0n },
    },
    // 7 by 1 : 3 is 1.75 and 5.25: floors 1 and 5, remainders 3/4 and 1/4; the leftover wei to 1.
    {
      description: "the unattributed wei follow the largest-remainder rule",
      amount: 7n,
      corpus,
      attribution: undefined,
      expected: { byContribution: { "1": 2n, "2": 5n }, attributed: 0n, unattributed: 7n },
    },
    // Two halves of 1 wei attributed: the tie goes by splitAmount's rule, code-unit order, where "10" < "9".
    {
      description: "a tie in the attributed part goes to the id first in code-unit order",
      amount: 1n,
      corpus: [contribution(9n, 1n, 10_000), contribution(10n, 1n, 10_000)],
      attribution: {
        shares: [
          { id: "9", share: 0.5 },
          { id: "10", share: 0.5 },
        ],
        unattributed: 0,
      },
      expected: { byContribution: { "10": 1n }, attributed: 1n, unattributed: 0n },
    },
    // The same wei unattributed: the tie goes by proRata's rule, integer order, where 9 < 10.
    {
      description: "a tie in the unattributed part goes to the smaller id as an integer",
      amount: 1n,
      corpus: [contribution(9n, 1n, 10_000), contribution(10n, 1n, 10_000)],
      attribution: undefined,
      expected: { byContribution: { "9": 1n }, attributed: 0n, unattributed: 1n },
    },
    // Every weight zero: equal parts of 10, the leftover to contribution 1.
    {
      description: "a version whose contributions all weigh zero spreads equally",
      amount: 10n,
      corpus: [contribution(1n, 100n, 0), contribution(2n, 0n, 10_000), contribution(3n, 5n, 0)],
      attribution: undefined,
      expected: { byContribution: { "1": 4n, "2": 3n, "3": 3n }, attributed: 0n, unattributed: 10n },
    },
  ];

  for (const { description, amount, corpus, attribution, expected } of rows) {
    it(description, function () {
      const allocation = allocateVersion(amount, corpus, attribution);
      expect({ ...allocation, byContribution: Object.fromEntries(allocation.byContribution) }).to.deep.equal(expected);
      expect(sum(allocation.byContribution.values())).to.equal(amount);
    });
  }

  it("refuses an empty version and an attribution that names a contribution outside the version", function () {
    expect(() => allocateVersion(1n, [], undefined)).to.throw("a published version has at least one contribution");
    expect(() => allocateVersion(1n, corpus, { shares: [{ id: "4", share: 0.5 }], unattributed: 0.5 })).to.throw(
      "attribution names contribution 4, which is not in the version",
    );
  });

  it("allocates every wei, to the version's contributions only, and no negative or zero credit", function () {
    const corpusArb = fc.uniqueArray(
      fc.record({
        id: fc.bigInt({ min: 1n, max: 50n }),
        size: fc.bigInt({ min: 0n, max: 10n ** 6n }),
        quality: fc.integer({ min: 0, max: 10_000 }),
      }),
      { selector: (c) => c.id, minLength: 1, maxLength: 8 },
    );
    const caseArb = corpusArb.chain((rows) =>
      fc
        .subarray(rows)
        .chain((credited) =>
          fc.tuple(
            fc.constant(credited),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
              minLength: credited.length,
              maxLength: credited.length,
            }),
            fc.double({ min: 0, max: 1, noNaN: true }),
          ),
        )
        .map(([credited, weights, attributedShare]) => ({ rows, credited, weights, attributedShare })),
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 27n }),
        caseArb,
        (amount, { rows, credited, weights, attributedShare }) => {
          const version = rows.map((row) => contribution(row.id, row.size, row.quality));
          const weightSum = weights.reduce((a, b) => a + b, 0);
          const shares = weights.map((weight, i) => ({
            id: credited[i].id.toString(),
            share: weightSum > 0 ? (weight / weightSum) * attributedShare * 0.999 : 0,
          }));
          const allocation = allocateVersion(amount, version, { shares, unattributed: 1 - attributedShare });
          expect(sum(allocation.byContribution.values())).to.equal(amount);
          expect(allocation.attributed + allocation.unattributed).to.equal(amount);
          const ids = new Set(rows.map((row) => row.id.toString()));
          for (const [id, value] of allocation.byContribution) {
            expect(ids.has(id)).to.equal(true);
            expect(value > 0n).to.equal(true);
          }
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });
});

describe("adapter payments (takeRoyalty, splitPools)", function () {
  const ADAPTER = 5n;
  const adapterLineage: LineageEntry[] = [
    { datanetId: 9n, version: 1, weightBps: 7_000 },
    { datanetId: 1n, version: 1, weightBps: 3_000 },
  ];
  const rows: {
    description: string;
    price: bigint;
    royaltyBps: number;
    baseWeightsBps: number[];
    expected: { modelOwnerAmount: bigint; dataPoolAmount: bigint; baseOwnerAmount: bigint; baseDataPoolAmount: bigint };
    pools: bigint[]; // the adapter's lineage, then the base's
  }[] = [
    // No agent: model owner 3 + 1.5 = ⌊4.5⌋ → 4 of 10 (shares floor 0, 1, 3; data pool 10 − 0 − 1 − 3 = 6).
    // Royalty 20%: base owner ⌊4 · 0.2⌋ = 0, base data ⌊6 · 0.2⌋ = 1; adapter keeps 4 and 5.
    // Adapter pools: ⌊5 · 0.3⌋ = 1 to entry 1, 4 to entry 0; base: ⌊1 · 0.4⌋ = 0 to entry 1, 1 to entry 0.
    {
      description: "a 10 wei price at a 20% royalty",
      price: 10n,
      royaltyBps: 2_000,
      baseWeightsBps: [6_000, 4_000],
      expected: { modelOwnerAmount: 4n, dataPoolAmount: 5n, baseOwnerAmount: 0n, baseDataPoolAmount: 1n },
      pools: [4n, 1n, 1n, 0n],
    },
    // 1,000,000 wei: model owner 450,000, data pool 500,000; royalty 30%: base 135,000 and 150,000.
    // Adapter pools of 350,000: 105,000 to entry 1, 245,000 to entry 0; base's 150,000: 60,000 and 90,000.
    {
      description: "a 1,000,000 wei price at the 30% cap",
      price: 1_000_000n,
      royaltyBps: 3_000,
      baseWeightsBps: [6_000, 4_000],
      expected: {
        modelOwnerAmount: 315_000n,
        dataPoolAmount: 350_000n,
        baseOwnerAmount: 135_000n,
        baseDataPoolAmount: 150_000n,
      },
      pools: [245_000n, 105_000n, 90_000n, 60_000n],
    },
    // A base that cites no data takes only the owner's part; the adapter's pool keeps all of its data share.
    {
      description: "a base with no lineage",
      price: 1_000n,
      royaltyBps: 1_000,
      baseWeightsBps: [],
      expected: { modelOwnerAmount: 405n, dataPoolAmount: 500n, baseOwnerAmount: 45n, baseDataPoolAmount: 0n },
      pools: [350n, 150n],
    },
    // No royalty: nothing for the base, and no base parts at all.
    {
      description: "a base asking for no royalty",
      price: 1_000n,
      royaltyBps: 0,
      baseWeightsBps: [6_000, 4_000],
      expected: { modelOwnerAmount: 450n, dataPoolAmount: 500n, baseOwnerAmount: 0n, baseDataPoolAmount: 0n },
      pools: [350n, 150n],
    },
  ];

  for (const { description, price, royaltyBps, baseWeightsBps, expected, pools } of rows) {
    it(`${description}: the contract and settlement agree to the wei`, async function () {
      const { models, rewards, payer, bob } = await loadFixture(deployRewards);
      // The base (model 1) cites datanets 1 v1 and 2 v1; the adapter cites datanet 9 v1 and, again, datanet 1 v1.
      const baseLineage: LineageEntry[] = baseWeightsBps.map((weightBps, i) => ({
        datanetId: BigInt(i + 1),
        version: 1,
        weightBps,
      }));
      await models.setLineage(MODEL, baseLineage);
      await models.setModel(ADAPTER, bob.address, price, true);
      await models.setLineage(ADAPTER, adapterLineage);
      await models.setBase(ADAPTER, MODEL);
      await models.setRoyalty(MODEL, royaltyBps);
      const [, quoted] = await rewards.quote(ADAPTER, NO_AGENT);
      const tx = await rewards.connect(payer).payInference(ethers.id(description), ADAPTER, NO_AGENT, price);
      const event = (await tx.wait())!.logs
        .map((log) => rewards.interface.parseLog(log))
        .find((log) => log?.name === "InferencePaid")!;

      // The mirror of the split, from the split the contract makes before the royalty.
      const beforeRoyalty = {
        modelOwnerAmount: quoted.modelOwnerAmount + quoted.baseOwnerAmount,
        dataPoolAmount: quoted.dataPoolAmount + quoted.baseDataPoolAmount,
      };
      const mirrored = takeRoyalty(beforeRoyalty, royaltyBps, baseLineage.length > 0);
      expect(mirrored).to.deep.equal(expected);
      const { modelOwnerAmount, dataPoolAmount, baseOwnerAmount, baseDataPoolAmount } = event.args.split;
      expect({ modelOwnerAmount, dataPoolAmount, baseOwnerAmount, baseDataPoolAmount }).to.deep.equal(expected);

      const parts = splitPools(mirrored, adapterLineage, baseLineage);
      expect(parts.map((p) => p.amount)).to.deep.equal(pools);
      expect(sum(parts.map((p) => p.amount))).to.equal(expected.dataPoolAmount + expected.baseDataPoolAmount);
      // What each version received on chain is the sum of its parts (datanet 1 v1 may be cited by both models).
      const byVersion = new Map<string, bigint>();
      for (const p of parts)
        byVersion.set(`${p.datanetId}/${p.version}`, (byVersion.get(`${p.datanetId}/${p.version}`) ?? 0n) + p.amount);
      for (const [key, amount] of byVersion) {
        const [datanetId, version] = key.split("/").map(Number);
        expect(await rewards.poolFunded(BigInt(datanetId), version)).to.equal(amount, key);
      }
    });
  }

  it("refuses a royalty that is not a whole number of basis points up to 10,000", function () {
    for (const bad of [-1, 10_001, 1.5]) {
      expect(() => takeRoyalty({ modelOwnerAmount: 1n, dataPoolAmount: 1n }, bad, true)).to.throw(/royalty/);
    }
  });

  it("refuses a data pool with no lineage to go to", function () {
    expect(() => splitPools({ dataPoolAmount: 1n, baseDataPoolAmount: 0n }, [], [])).to.throw(/lineage/);
    expect(() => splitPools({ dataPoolAmount: 0n, baseDataPoolAmount: 1n }, adapterLineage, [])).to.throw(/base/);
  });
});
