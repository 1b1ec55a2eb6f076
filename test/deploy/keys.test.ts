// deploy refuses one key for the attributor and the guardian or admin on any network but a local one.
import { expect } from "chai";
import { isAddress } from "ethers";
import { ethers } from "hardhat";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { checkSeparateKeys, DEVELOPMENT_NETWORKS } from "../../src/chain/deploy";

const A = "0x1000000000000000000000000000000000000001";
const B = "0x2000000000000000000000000000000000000002";
const C = "0x3000000000000000000000000000000000000003";

describe("deploy: separate keys", function () {
  it("refuses, on a remote network, an attributor that is also the guardian, naming the role and the flag", function () {
    expect(() => checkSeparateKeys("testnet", { admin: A, attributor: B, guardian: B })).to.throw(
      /on network "testnet" the attributor 0x2000000000000000000000000000000000000002 is also the guardian: .*--accept-shared-keys/,
    );
  });

  it("refuses an attributor that is also the admin, whatever the case of the address", function () {
    expect(() =>
      checkSeparateKeys("sepolia", { admin: B.toUpperCase().replace("0X", "0x"), attributor: B, guardian: C }),
    ).to.throw(/is also the admin/);
    expect(() => checkSeparateKeys("testnet", { admin: A, attributor: A, guardian: A })).to.throw(
      /is also the guardian and the admin/,
    );
  });

  it("accepts separate keys anywhere, shared keys on the embedded chain and a local node, and shared keys with the flag", function () {
    expect(() => checkSeparateKeys("testnet", { admin: A, attributor: B, guardian: C })).not.to.throw();
    for (const network of DEVELOPMENT_NETWORKS) {
      expect(() => checkSeparateKeys(network, { admin: A, attributor: A, guardian: A })).not.to.throw();
    }
    expect(() => checkSeparateKeys("testnet", { admin: A, attributor: A, guardian: A }, true)).not.to.throw();
  });

  it("ships example parameter files that give each role its own account", async function () {
    const file = path.join(__dirname, "../../ignition/parameters/example.json");
    const { OpenLedger: roles } = JSON.parse(await readFile(file, "utf8"));
    expect(() => checkSeparateKeys("testnet", roles)).not.to.throw();
    expect(
      new Set([roles.admin, roles.attributor, roles.guardian, roles.treasury].map((r: string) => r.toLowerCase())).size,
    ).to.equal(4);
  });

  it("ships an example parameter file whose roles are accounts a local node holds the keys of", async function () {
    const file = path.join(__dirname, "../../ignition/parameters/example.json");
    const { OpenLedger: roles } = JSON.parse(await readFile(file, "utf8")) as { OpenLedger: Record<string, string> };
    // The embedded chain, `npx hardhat node` and anvil derive their accounts from the same default mnemonic.
    const accounts = (await ethers.getSigners()).map((signer) => signer.address);
    for (const [role, address] of Object.entries(roles)) {
      expect(isAddress(address), `${role} ${address} is a valid (checksummed) address`).to.equal(true);
      expect(accounts.slice(0, 10), `${role} is one of the first ten accounts`).to.include(address);
    }
  });
});
