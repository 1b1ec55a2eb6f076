// The Ignition module deploys the suite on the embedded chain and, through `npx hardhat deploy`, on a separate node.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { deploySuite } from "../../src/chain/deploy";
import { startAnvil } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";

const run = promisify(execFile);
const SUPPLY = ethers.parseEther("1000000000");

describe("OpenLedger Ignition module", function () {
  it("deploys the token on the embedded chain with the whole supply at the deployer by default", async function () {
    const [deployer] = await ethers.getSigners();
    const suite = await deploySuite(hre);
    expect(await suite.token.balanceOf(deployer.address)).to.equal(SUPPLY);
  });

  it("sends the supply to the treasury named in a parameter file", async function () {
    const [, treasury] = await ethers.getSigners();
    const dir = await mkdtemp(path.join(os.tmpdir(), "openledger-params-"));
    const file = path.join(dir, "params.json");
    await writeFile(file, JSON.stringify({ OpenLedger: { treasury: treasury.address } }));
    try {
      const suite = await deploySuite(hre, { parametersFile: file });
      expect(await suite.token.balanceOf(treasury.address)).to.equal(SUPPLY);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a parameter that is not an address, naming it", async function () {
    await expect(deploySuite(hre, { treasury: "0x1234" })).to.be.rejectedWith("parameter treasury is not an address");
  });

  it("refuses a parameter file's address with a mistyped checksum, naming the file and the checksum", async function () {
    const [, treasury] = await ethers.getSigners();
    // One letter's case flipped: still 40 hex digits, no longer its EIP-55 checksum.
    const typo = treasury.address.replace(/[a-f]/, (c) => c.toUpperCase());
    const dir = await mkdtemp(path.join(os.tmpdir(), "openledger-params-"));
    const file = path.join(dir, "params.json");
    await writeFile(file, JSON.stringify({ OpenLedger: { treasury: typo } }));
    try {
      const refused = deploySuite(hre, { parametersFile: file });
      await expect(refused).to.be.rejectedWith(`parameter treasury in ${file} is not an address: ${typo}`);
      await expect(deploySuite(hre, { parametersFile: file })).to.be.rejectedWith("its mixed case is not its checksum");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("deploys on a separate JSON-RPC node (anvil) with `npx hardhat deploy --network localhost`", async function () {
    // Under coverage the artifacts are instrumented and exceed EIP-170's size limit; a real deploy respects it.
    const instrumented = isCoverageRun(hre);
    const anvil = await startAnvil({ disableCodeSizeLimit: instrumented });
    const deploymentId = `test-anvil-${process.pid}-${Date.now()}`;
    try {
      const { stdout } = await run(
        "npx",
        ["hardhat", "deploy", "--network", "localhost", "--json", "--deployment-id", deploymentId],
        { env: { ...process.env, LOCAL_RPC_URL: anvil.url, OPENLEDGER_SKIP_COMPILE: "1" }, cwd: hre.config.paths.root },
      );
      const { network, addresses } = JSON.parse(stdout) as { network: string; addresses: Record<string, string> };
      expect(network).to.equal("localhost");
      const provider = new ethers.JsonRpcProvider(anvil.url);
      const token = await ethers.getContractAt("OpenToken", addresses.token);
      const remote = token.connect(provider);
      expect(await remote.totalSupply()).to.equal(SUPPLY);
      expect(await provider.getCode(addresses.token)).to.not.equal("0x");
      provider.destroy();
    } finally {
      await anvil.stop();
      await rm(path.join(hre.config.paths.root, "ignition", "deployments", deploymentId), {
        recursive: true,
        force: true,
      });
    }
  });
});
