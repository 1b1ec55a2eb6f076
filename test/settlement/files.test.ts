// The published settlement format: chunks and manifest, its hash and URI, and reading it back from the store.
import { expect } from "chai";
import { keccak256 } from "ethers";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  encodeChunks,
  parseSettlementUri,
  readManifest,
  readSettlement,
  settlementHash,
  settlementUri,
  SettlementFileError,
  SETTLEMENT_FORMAT,
  writeSettlement,
  type SettlementFile,
} from "../../src/settlement/files";
import { ContentMismatchError, ContentMissingError, ContentStore } from "../../src/store/ContentStore";

const HASH = `0x${"ab".repeat(32)}` as const;

function settlement(inferences: number): SettlementFile {
  return {
    format: SETTLEMENT_FORMAT,
    chainId: 31337,
    rewards: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
    epoch: 2,
    previousEpoch: 1,
    previousRoot: HASH,
    fromBlock: 10,
    toBlock: 20,
    engine: { minSpanTokens: 8, maxOccurrences: 64 },
    inferences: Array.from({ length: inferences }, (_, i) => ({
      inferenceId: keccak256(Buffer.from(`inference ${i}`)) as `0x${string}`,
      modelId: "1",
      agentId: "0",
      prompt: `prompt ${i}`,
      seed: `${i}`,
      output: `output ${i} with ünïcode`,
      proof: "regenerated" as const,
    })),
    rejected: [{ inferenceId: HASH, reason: "not-paid" }],
    allocations: Array.from({ length: inferences }, (_, i) => ({
      inferenceId: keccak256(Buffer.from(`inference ${i}`)) as `0x${string}`,
      datanetId: "1",
      version: 1,
      amount: `${1000 + i}`,
      attributed: `${i}`,
      method: i % 2 === 0 ? ("influence" as const) : ("spans" as const),
    })),
    unlogged: [{ modelId: "1", receipts: 3, datanetId: "1", version: 1, amount: "30" }],
    remainders: [{ datanetId: "1", version: 1, amount: "7", rule: "measured-credit" as const }],
    excluded: [{ contributionId: "4", datanetId: "1", version: 1, reason: "unavailable" }],
    withheld: [],
    cumulative: [{ account: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", amount: "123" }],
    root: HASH,
    totalAllocated: "123",
  };
}

describe("settlement files", function () {
  let tmp: string;
  let store: ContentStore;

  beforeEach(async function () {
    tmp = await mkdtemp(path.join(os.tmpdir(), "settlement-files-"));
    store = new ContentStore(path.join(tmp, "store"));
  });
  afterEach(async function () {
    await rm(tmp, { recursive: true, force: true });
  });

  it("cuts entries into JSON Lines chunks no larger than asked, losing and reordering none", function () {
    const entries = Array.from({ length: 50 }, (_, i) => ({ b: i, a: "x".repeat(i) }));
    const chunks = [...encodeChunks(entries, 200)];
    expect(chunks.length).to.be.greaterThan(5);
    for (const chunk of chunks) expect(chunk.length).to.be.at.most(200);
    const lines = chunks.flatMap((chunk) => chunk.toString("utf8").split("\n").slice(0, -1));
    expect(lines.map((line) => JSON.parse(line))).to.deep.equal(entries);
    expect(lines[1]).to.equal('{"a":"x","b":1}');
  });

  it("gives an entry longer than a chunk a chunk of its own rather than dropping it", function () {
    const chunks = [...encodeChunks([{ a: "short" }, { a: "y".repeat(500) }, { a: "z" }], 100)];
    expect(chunks.map((chunk) => chunk.toString("utf8").split("\n").length - 1)).to.deep.equal([1, 1, 1]);
  });

  it("writes a settlement that reads back equal, and whose hash is the one posted and named by its URI", async function () {
    const file = settlement(40);
    const published = await writeSettlement(store, file, 1_000);
    expect(published.dataHash).to.equal(await settlementHash(file, 1_000));
    expect(published.dataHash).to.equal(keccak256(await readFile(published.path)));
    expect(published.uri).to.equal(settlementUri(published.dataHash));
    expect(published.manifest.parts.inferences!.length).to.be.greaterThan(1);
    expect(await readSettlement(store, published.uri)).to.deep.equal(file);
  });

  it("publishes every list field of the settlement as chunks, and keeps only the scalars in the header", async function () {
    const { manifest } = await writeSettlement(store, settlement(2));
    expect(Object.keys(manifest.parts).sort()).to.deep.equal(
      ["allocations", "cumulative", "excluded", "inferences", "rejected", "remainders", "unlogged", "withheld"].sort(),
    );
    expect(manifest.parts.withheld).to.deep.equal([]);
    expect(Object.values(manifest.header).some((value) => Array.isArray(value))).to.equal(false);
  });

  it("changes the hash when one wei of one allocation changes", async function () {
    const file = settlement(3);
    const changed = settlement(3);
    changed.allocations[2].amount = `${BigInt(changed.allocations[2].amount) + 1n}`;
    expect(await settlementHash(changed)).to.not.equal(await settlementHash(file));
  });

  it("refuses a URI that does not name a manifest by its keccak-256", function () {
    expect(parseSettlementUri(settlementUri(HASH.toUpperCase().replace("0X", "0x")))).to.equal(HASH);
    for (const uri of ["data/settlements/epoch-1.json", `ipfs://${HASH}`, "openledger-store:keccak256:0x12"]) {
      expect(() => parseSettlementUri(uri)).to.throw(SettlementFileError, "is not a settlement URI");
    }
  });

  it("refuses a chunk altered in the store, naming the part and the chunk", async function () {
    const published = await writeSettlement(store, settlement(40), 1_000);
    const second = store.pathOf(published.manifest.parts.allocations![1].hash);
    await writeFile(second, (await readFile(second, "utf8")).replace('"amount":"1', '"amount":"9'));
    await expect(readSettlement(store, published.uri)).to.be.rejectedWith(
      ContentMismatchError,
      "allocations chunk 2 of epoch 2 failed its integrity check",
    );
  });

  it("refuses a manifest whose chunk sizes or counts do not match the chunks", async function () {
    const published = await writeSettlement(store, settlement(5));
    const manifest = structuredClone(published.manifest);
    manifest.parts.inferences![0].entries += 1;
    const { hash } = await store.put(Buffer.from(JSON.stringify(manifest)));
    await expect(readSettlement(store, hash)).to.be.rejectedWith(
      SettlementFileError,
      /inferences chunk 1 of epoch 2 holds \d+ bytes in 5 entries; the manifest lists \d+ bytes in 6/,
    );
  });

  it("refuses what is not a manifest, and says which manifest is missing", async function () {
    const { hash } = await store.put(Buffer.from(JSON.stringify({ format: "openledger-settlement/1" })));
    await expect(readManifest(store, hash)).to.be.rejectedWith(SettlementFileError, `${hash} is not an`);
    await expect(readManifest(store, settlementUri(HASH))).to.be.rejectedWith(
      ContentMissingError,
      `settlement manifest ${HASH}`,
    );
  });
});
