// The shapes src/chain/types.ts mirrors from the contracts, checked against the Solidity that owns them.
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { compareAddresses, ContributionStatus, hasStatus } from "../../src/chain/types";

describe("chain types", function () {
  it("lists IDatanet.Status in the contract's order", function () {
    const source = readFileSync(path.join(__dirname, "../../contracts/interfaces/IDatanet.sol"), "utf8");
    const body = source.match(/enum Status \{([^}]*)\}/)![1];
    const names = body.split(",").map((name) => name.trim());
    names.forEach((name, index) => {
      expect(ContributionStatus[name as keyof typeof ContributionStatus], name).to.equal(index);
    });
    expect(Object.keys(ContributionStatus).filter((key) => Number.isNaN(Number(key)))).to.deep.equal(names);
  });

  it("reads a status as the contract returns it (a uint8 as bigint)", function () {
    expect(hasStatus(1n, ContributionStatus.Pending)).to.equal(true);
    expect(hasStatus(2n, ContributionStatus.Pending)).to.equal(false);
  });

  it("orders addresses by lower-case hex whatever their case, and calls equal addresses equal", function () {
    const low = "0x00000000000000000000000000000000000000aa";
    const high = "0x00000000000000000000000000000000000000BB";
    expect(compareAddresses(low, high)).to.equal(-1);
    expect(compareAddresses(high, low)).to.equal(1);
    expect(compareAddresses(high, high.toLowerCase())).to.equal(0);
  });
});
