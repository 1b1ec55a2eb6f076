// `--from`: an account index, env:NAME or keystore:PATH resolves to that signer; anything else stops, naming --from.
import { expect } from "chai";
import { Wallet, encryptKeystoreJson } from "ethers";
import hre, { ethers } from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { resolveSigner, KEYSTORE_PASSWORD_ENV, type FromArgs } from "../../src/cli/signer";
import { bannerLine, endpointHost } from "../../src/cli/banner";

const KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

describe("--from: who signs a command's transactions", function () {
  let keystore: string;
  const wallet = new Wallet(KEY);

  before(async function () {
    const dir = await mkdtemp(path.join(os.tmpdir(), "signer-"));
    keystore = path.join(dir, "key.json");
    // A light scrypt so the test is quick; Wallet.fromEncryptedJson reads the parameters from the file.
    await writeFile(keystore, await encryptKeystoreJson(wallet, "right horse", { scrypt: { N: 1024 } }));
  });

  /** Resolves `args`, and checks that whatever it does, nothing was sent. */
  async function resolve(args: FromArgs, env: NodeJS.ProcessEnv = {}) {
    const [first] = await ethers.getSigners();
    const [block, nonce] = [await ethers.provider.getBlockNumber(), await first.getNonce()];
    try {
      return await resolveSigner(hre, args, env);
    } finally {
      expect(await ethers.provider.getBlockNumber(), "no block was mined").to.equal(block);
      expect(await first.getNonce(), "no transaction was sent").to.equal(nonce);
    }
  }

  it("is the network's first account when not given", async function () {
    const [first] = await ethers.getSigners();
    expect((await resolve({})).address).to.equal(first.address);
  });

  it("picks the account at an index", async function () {
    const accounts = await ethers.getSigners();
    expect((await resolve({ from: "2" })).address).to.equal(accounts[2].address);
  });

  it("refuses an index past the network's accounts, saying how many there are", async function () {
    const count = (await ethers.getSigners()).length;
    await expect(resolve({ from: String(count) })).to.be.rejectedWith(
      `--from: account ${count} is out of range: network "hardhat" has ${count} (0 to ${count - 1})`,
    );
  });

  it("reads a private key from the environment variable env:NAME, connected to the network", async function () {
    const signer = await resolve({ from: "env:DEPLOYER_KEY" }, { DEPLOYER_KEY: KEY.slice(2) });
    expect(signer.address).to.equal(wallet.address);
    expect(signer.provider).to.equal(ethers.provider);
  });

  it("refuses env:NAME when the variable is not set, naming it", async function () {
    await expect(resolve({ from: "env:DEPLOYER_KEY" })).to.be.rejectedWith(
      "--from: the environment variable DEPLOYER_KEY is not set",
    );
  });

  it("refuses env:NAME when the variable holds no private key", async function () {
    await expect(resolve({ from: "env:DEPLOYER_KEY" }, { DEPLOYER_KEY: "hunter2" })).to.be.rejectedWith(
      "--from: the environment variable DEPLOYER_KEY does not hold a private key",
    );
  });

  it("opens a keystore with the password from OPENLEDGER_KEYSTORE_PASSWORD", async function () {
    const signer = await resolve({ from: `keystore:${keystore}` }, { [KEYSTORE_PASSWORD_ENV]: "right horse" });
    expect(signer.address).to.equal(wallet.address);
  });

  it("opens a keystore with the password from the variable --password-env names", async function () {
    const signer = await resolve({ from: `keystore:${keystore}`, passwordEnv: "MY_PW" }, { MY_PW: "right horse" });
    expect(signer.address).to.equal(wallet.address);
  });

  it("refuses a keystore with a wrong password, naming the variable it came from", async function () {
    await expect(
      resolve({ from: `keystore:${keystore}` }, { [KEYSTORE_PASSWORD_ENV]: "wrong horse" }),
    ).to.be.rejectedWith(`--from: cannot open keystore ${keystore}: wrong password (from ${KEYSTORE_PASSWORD_ENV})`);
  });

  it("refuses a keystore when no password is set", async function () {
    await expect(resolve({ from: `keystore:${keystore}` })).to.be.rejectedWith(
      `--from: the keystore's password goes in the environment variable ${KEYSTORE_PASSWORD_ENV}; it is not set`,
    );
  });

  it("refuses a keystore file that does not exist", async function () {
    await expect(resolve({ from: "keystore:/nonexistent.json" }, { [KEYSTORE_PASSWORD_ENV]: "x" })).to.be.rejectedWith(
      "--from: no keystore file at /nonexistent.json",
    );
  });

  for (const raw of [KEY, KEY.slice(2)]) {
    it(`refuses a raw private key (${raw.length} characters), saying why and what to do instead`, async function () {
      const error = await resolve({ from: raw }).then(
        () => expect.fail("a raw key was accepted"),
        (e: Error) => e,
      );
      expect(error.message).to.include("--from: a private key on the command line stays in your shell history");
      expect(error.message).to.include("--from env:NAME");
      expect(error.message, "the key is not echoed back").not.to.include(KEY.slice(2));
    });
  }

  it("stops a sending task given a raw key before it connects or sends", async function () {
    const [first] = await ethers.getSigners();
    const nonce = await first.getNonce();
    await expect(hre.run("datanet:create", { uri: "u", stake: "1", from: KEY })).to.be.rejectedWith(
      HardhatPluginError,
      "--from: a private key on the command line",
    );
    expect(await first.getNonce(), "no transaction was sent").to.equal(nonce);
  });

  it("refuses anything else, listing the three forms", async function () {
    await expect(resolve({ from: "alice" })).to.be.rejectedWith(
      '--from: "alice" is not an account index (0, 1, ...), env:NAME or keystore:PATH',
    );
  });
});

describe("the network banner", function () {
  it("shows only scheme://host:port of an endpoint, never a path, query or user info that may hold a key", function () {
    expect(endpointHost("https://user:secret@eth.example.com/v3/KEY123?apikey=abc")).to.equal(
      "https://eth.example.com:443",
    );
    expect(endpointHost("http://127.0.0.1:8545")).to.equal("http://127.0.0.1:8545");
    expect(endpointHost("not a url")).to.equal("an unparseable URL");
  });

  it("names the network, the endpoint's host and the chain id", function () {
    expect(bannerLine("testnet", "https://rpc.example.org/KEY", 1337n)).to.equal(
      "network testnet (https://rpc.example.org:443), chain id 1337",
    );
    expect(bannerLine("hardhat", undefined, 31337n)).to.equal("network hardhat (in-process), chain id 31337");
  });
});
