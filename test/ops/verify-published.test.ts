// Anyone can verify: an epoch settled on a separate node (anvil) is verified from another working directory that
// holds only the published settlement and the datanet data, read from a directory or over HTTP.
import { expect } from "chai";
import { ethers } from "hardhat";
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { contributeBytes, createDatanet, publishVersion, reviewContribution, setCurator } from "../../src/ops/data";
import { inferAndPay, trainAndRegister } from "../../src/ops/factory";
import { settleNextEpoch } from "../../src/ops/settlement";
import { readManifest } from "../../src/settlement/files";
import { readInferenceLog } from "../../src/settlement/inferenceLog";
import { ContentStore } from "../../src/store/ContentStore";
import { AttributionRewards__factory } from "../../typechain-types";
import { readSubmission } from "../../src/read/submissions";
import { connectSuite, ROOT, useSeparateNode } from "../helpers/node";
import { readRoot } from "../../src/read/roots";

const exec = promisify(execFile);
/** The project's Hardhat; the verifier's folder links the project's node_modules, as an install there would. */
const HARDHAT = path.join(ROOT, "node_modules", ".bin", "hardhat");
const TEXTS = [
  "function transfer(address to, uint256 amount) external returns (bool) { balances[to] += amount; }",
  "function approve(address spender, uint256 amount) external returns (bool) { allowed[spender] = amount; }",
];

/** Serves `dir` read-only over HTTP, as any static file server over a store would. */
async function serveDirectory(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const file = path.join(dir, path.normalize(decodeURIComponent(request.url ?? "/")));
    readFile(file).then(
      (bytes) => response.writeHead(200).end(bytes),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/` };
}

describe("Verifying a published epoch from somewhere else", function () {
  const node = useSeparateNode("verify");
  let verifier: string;
  let http: { server: Server; url: string };
  let rewardsAddress: string;

  /** Runs a task from the verifier's folder, against anvil, with the project's config. */
  const hardhat = async (...args: string[]) => {
    const config = path.join(ROOT, "hardhat.config.ts");
    const { stdout } = await exec(HARDHAT, ["--config", config, ...args, "--network", "localhost"], {
      env: {
        ...process.env,
        LOCAL_RPC_URL: node.anvil.url,
        OPENLEDGER_SKIP_COMPILE: "1",
        OPENLEDGER_STORE: "",
        TS_NODE_PROJECT: path.join(ROOT, "tsconfig.json"),
      },
      cwd: verifier,
    });
    return stdout;
  };
  const verifyTask = (...args: string[]) =>
    hardhat("attribution:verify", "--epoch", "1", "--deployment-id", node.deploymentId, "--store", "data", ...args);

  before(async function () {
    const attributor = node.tmp; // the attributor's folder: only it holds the store, the models and the proofs
    verifier = await mkdtemp(path.join(os.tmpdir(), "openledger-verifier-"));
    await symlink(path.join(ROOT, "node_modules"), path.join(verifier, "node_modules"), "dir");
    const deployed = JSON.parse(await node.hardhat("deploy", "--json")) as { addresses: Record<string, string> };
    const owner = await node.provider.getSigner(0);
    rewardsAddress = deployed.addresses.rewards;
    const suite = connectSuite(deployed.addresses, owner);

    // The attributor's own world: its store, its models, its inference log, its proofs.
    const store = new ContentStore(path.join(attributor, "store"));
    const { datanetId } = await createDatanet(suite.datanet, owner, "ipfs://verify", ethers.parseEther("1"));
    await setCurator(suite.datanet, owner, datanetId, await owner.getAddress(), true);
    for (const text of TEXTS) {
      const { contributionId } = await contributeBytes(
        suite.datanet,
        suite.token,
        store,
        owner,
        datanetId,
        Buffer.from(text),
      );
      await reviewContribution(suite.datanet, owner, contributionId, { approve: true, qualityBps: 8_000 });
    }
    const { version } = await publishVersion(suite.datanet, owner, datanetId);
    const modelsDir = path.join(attributor, "models");
    const trained = await trainAndRegister(suite, store, owner, {
      datanetId,
      version,
      feePerInference: ethers.parseEther("2"),
      modelsDir,
    });
    const log = path.join(attributor, "inferences.jsonl");
    for (const seed of ["1", "2"]) {
      await inferAndPay(suite, owner, {
        modelId: trained.modelId,
        prompt: "function transfer(",
        seed,
        modelsDir,
        logFile: log,
      });
    }
    const settled = await settleNextEpoch(suite, store, owner, {
      log: await readInferenceLog(log),
      baseDir: path.join(attributor, "settlements"),
    });

    // The verifier's folder: a copy of the datanet data (keyed by content hash), and a separate folder with only
    // the settlement's published files, which is also what the HTTP server serves.
    await mkdir(path.join(verifier, "data"), { recursive: true });
    for (const id of [1n, 2n]) {
      const { contentHash } = await readSubmission(suite.datanet, id);
      await new ContentStore(path.join(verifier, "data")).put(await store.get(contentHash));
    }
    const published = new ContentStore(path.join(verifier, "published"));
    const manifest = await readManifest(store, settled.files.settlement);
    await published.put(await store.get(settled.dataHash));
    for (const chunk of Object.values(manifest.parts).flat()) await published.put(await store.get(chunk.hash));
    http = await serveDirectory(published.dir);
  });

  after(async function () {
    http?.server.close();
    if (verifier) await rm(verifier, { recursive: true, force: true });
  });

  it("posts a content URI that names the posted data hash, never a path on the attributor's disk", async function () {
    const posted = await readRoot(AttributionRewards__factory.connect(rewardsAddress, node.provider), 1);
    expect(posted.dataURI).to.equal(`openledger-store:keccak256:${posted.dataHash.toLowerCase()}`);
  });

  it("matches when the published files are read from a directory of their own", async function () {
    expect(await verifyTask("--source", "published")).to.match(/^Epoch 1: match/);
  });

  it("matches when the published files are read from an HTTP base URL", async function () {
    expect(await verifyTask("--source", http.url)).to.match(/^Epoch 1: match/);
  });

  it("reports a mismatch, naming the chunk, when a published chunk was altered", async function () {
    const tampered = path.join(verifier, "tampered");
    await cp(path.join(verifier, "published"), tampered, { recursive: true });
    const manifest = await readManifest(
      new ContentStore(tampered),
      (await readRoot(AttributionRewards__factory.connect(rewardsAddress, node.provider), 1)).dataURI,
    );
    const chunk = new ContentStore(tampered).pathOf(manifest.parts.allocations![0].hash);
    await writeFile(chunk, (await readFile(chunk, "utf8")).replace(/"amount":"(\d)/, '"amount":"9$1'));
    await expect(verifyTask("--source", "tampered")).to.be.rejectedWith(
      "allocations chunk 1 of epoch 1 failed its integrity check",
    );
  });

  it("reports what is missing when the source lacks the published files", async function () {
    await mkdir(path.join(verifier, "empty"), { recursive: true });
    await expect(verifyTask("--source", "empty")).to.be.rejectedWith(/settlement manifest 0x[0-9a-f]{64}.*is missing/);
  });
});
