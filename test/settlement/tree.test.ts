// The entitlement tree's rules: which accounts get a leaf, in what order, what total the root allocates, and
// that every proof checks; as tables of hand-written leaves and as a seeded property.
import { expect } from "chai";
import fc from "fast-check";
import { getAddress } from "ethers";
import { buildEntitlementTree, proofEntries, verifyProof } from "../../src/settlement/tree";

const SEED = 20261201;
// Lowercase, as an account may come in; the tree must checksum them. Address order: ALICE < BOB < CAROL.
const ALICE = "0x00000000000000000000000000000000000a11ce";
const BOB = "0x0000000000000000000000000000000000b0b000";
const CAROL = "0xca401000000000000000000000000000000000ff";

describe("buildEntitlementTree", function () {
  const rows: {
    description: string;
    cumulative: [string, bigint][];
    leaves: [string, string][];
    totalAllocated: bigint;
  }[] = [
    {
      description: "one account is one leaf, and the total is its amount",
      cumulative: [[ALICE, 5n]],
      leaves: [[getAddress(ALICE), "5"]],
      totalAllocated: 5n,
    },
    {
      description: "an account with nothing gets no leaf and adds nothing",
      cumulative: [
        [BOB, 0n],
        [ALICE, 5n],
      ],
      leaves: [[getAddress(ALICE), "5"]],
      totalAllocated: 5n,
    },
    {
      description: "leaves are checksummed and in address order, whatever the order given",
      cumulative: [
        [CAROL, 3n],
        [ALICE, 1n],
        [BOB, 2n],
      ],
      leaves: [
        [getAddress(ALICE), "1"],
        [getAddress(BOB), "2"],
        [getAddress(CAROL), "3"],
      ],
      totalAllocated: 6n,
    },
    // 1e18 + 1 + 2·10^27 + 7 = 2_000_000_001_000_000_000_000_000_008.
    {
      description: "the total is the exact sum of large amounts",
      cumulative: [
        [ALICE, 10n ** 18n + 1n],
        [BOB, 2n * 10n ** 27n],
        [CAROL, 7n],
      ],
      leaves: [
        [getAddress(ALICE), "1000000000000000001"],
        [getAddress(BOB), "2000000000000000000000000000"],
        [getAddress(CAROL), "7"],
      ],
      totalAllocated: 2_000_000_001_000_000_000_000_000_008n,
    },
  ];

  for (const { description, cumulative, leaves, totalAllocated } of rows) {
    it(description, function () {
      const built = buildEntitlementTree(new Map(cumulative));
      expect([...built.tree.entries()].map(([, leaf]) => leaf)).to.deep.equal(leaves);
      expect(built.totalAllocated).to.equal(totalAllocated);
    });
  }

  it("gives the same root whatever the order and the case of the accounts", function () {
    const forward = buildEntitlementTree(
      new Map([
        [ALICE, 1n],
        [BOB, 2n],
        [CAROL, 3n],
      ]),
    );
    const backward = buildEntitlementTree(
      new Map([
        [getAddress(CAROL), 3n],
        [BOB.toUpperCase().replace("0X", "0x"), 2n],
        [ALICE, 1n],
      ]),
    );
    expect(backward.root).to.equal(forward.root);
  });

  it("changes the root when one amount changes by one wei", function () {
    const one = buildEntitlementTree(new Map([[ALICE, 10n]]));
    const other = buildEntitlementTree(new Map([[ALICE, 11n]]));
    expect(other.root).to.not.equal(one.root);
  });

  it("refuses a set with no positive entitlement: a root must allocate something", function () {
    const message = "no account has a positive entitlement: nothing to put in a tree";
    expect(() => buildEntitlementTree(new Map())).to.throw(message);
    expect(() => buildEntitlementTree(new Map([[ALICE, 0n]]))).to.throw(message);
  });

  it("refuses a negative entitlement instead of dropping it", function () {
    expect(() =>
      buildEntitlementTree(
        new Map([
          [ALICE, 5n],
          [BOB, -3n],
        ]),
      ),
    ).to.throw(`account ${BOB} has a negative entitlement (-3)`);
  });

  it("refuses one account given twice in different cases", function () {
    expect(() =>
      buildEntitlementTree(
        new Map([
          [ALICE, 1n],
          [getAddress(ALICE), 2n],
        ]),
      ),
    ).to.throw(`account ${getAddress(ALICE)} appears twice in the entitlements`);
  });
});

describe("proofEntries and verifyProof", function () {
  const built = buildEntitlementTree(
    new Map([
      [CAROL, 3n],
      [ALICE, 1n],
      [BOB, 2n],
    ]),
  );

  it("lists every account once, in address order, with its cumulative amount", function () {
    expect(proofEntries(built.tree).map(({ account, cumulativeAmount }) => [account, cumulativeAmount])).to.deep.equal([
      [getAddress(ALICE), "1"],
      [getAddress(BOB), "2"],
      [getAddress(CAROL), "3"],
    ]);
  });

  it("accepts each account's proof for its own amount, and not for one wei more or for another account", function () {
    const entries = proofEntries(built.tree);
    for (const entry of entries) {
      expect(verifyProof(built.root, entry)).to.equal(true);
      const more = (BigInt(entry.cumulativeAmount) + 1n).toString();
      expect(verifyProof(built.root, { ...entry, cumulativeAmount: more })).to.equal(false);
    }
    expect(verifyProof(built.root, { ...entries[0], account: entries[1].account })).to.equal(false);
  });
});

describe("the entitlement tree of any set of amounts", function () {
  const accountArb = fc
    .uint8Array({ minLength: 20, maxLength: 20 })
    .map((bytes) => getAddress(`0x${Buffer.from(bytes).toString("hex")}`));
  const cumulativeArb = fc.uniqueArray(fc.tuple(accountArb, fc.bigInt({ min: 0n, max: 10n ** 30n })), {
    selector: ([account]) => account,
    minLength: 1,
    maxLength: 20,
  });

  it("allocates exactly the sum of the positive amounts, one verified leaf per positive account", function () {
    fc.assert(
      fc.property(cumulativeArb, (cumulative) => {
        const positive = cumulative.filter(([, amount]) => amount > 0n);
        fc.pre(positive.length > 0);
        const built = buildEntitlementTree(new Map(cumulative));
        expect(built.totalAllocated).to.equal(positive.reduce((sum, [, amount]) => sum + amount, 0n));
        const entries = proofEntries(built.tree);
        expect(entries.map((e) => [e.account, BigInt(e.cumulativeAmount)])).to.have.deep.members(positive);
        expect(entries.every((entry) => verifyProof(built.root, entry))).to.equal(true);
      }),
      { numRuns: 100, seed: SEED },
    );
  });
});
