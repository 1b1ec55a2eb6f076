// ContentStore: content-addressed layout, idempotent atomic writes, and the integrity check on every read.
import { expect } from "chai";
import fc from "fast-check";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { keccak256, toUtf8Bytes } from "ethers";

import {
  ContentMismatchError,
  ContentMissingError,
  ContentStore,
  ContentStoreError,
  DEFAULT_STORE_DIR,
  InvalidContentHashError,
  defaultStorePath,
} from "../../src/store/ContentStore";

const DATA = toUtf8Bytes("a row of contribution data\n");

describe("ContentStore", function () {
  let dir: string;
  let store: ContentStore;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "content-store-"));
    store = new ContentStore(dir);
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  async function filesUnder(root: string): Promise<string[]> {
    const entries = await readdir(root, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
  }

  describe("put and get", function () {
    it("gives back exactly the bytes it stored, under their keccak-256", async function () {
      const stored = await store.put(DATA);
      expect(stored.hash).to.equal(keccak256(DATA));
      expect(stored.size).to.equal(DATA.length);
      expect(await store.get(stored.hash)).to.deep.equal(DATA);
    });

    it("round-trips any bytes, including none", async function () {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const { hash } = await store.put(bytes);
          expect(await store.get(hash)).to.deep.equal(bytes);
        }),
        { numRuns: 50 },
      );
    });

    it("keeps the file at <dir>/<first two hex digits>/<hash>", async function () {
      const { hash, path: file } = await store.put(DATA);
      expect(file).to.equal(path.join(dir, hash.slice(2, 4), hash));
      expect(store.pathOf(hash)).to.equal(file);
      expect(await filesUnder(dir)).to.deep.equal([path.join(hash.slice(2, 4), hash)]);
    });

    it("stores a file from disk with putFile", async function () {
      const source = path.join(dir, "upload.csv");
      await writeFile(source, DATA);
      const stored = await store.putFile(source);
      expect(stored.hash).to.equal(keccak256(DATA));
      expect(await store.get(stored.hash)).to.deep.equal(DATA);
    });

    it("accepts a hash written in upper-case hex", async function () {
      const { hash } = await store.put(DATA);
      const upper = `0x${hash.slice(2).toUpperCase()}`;
      expect(await store.has(upper)).to.equal(true);
      expect(await store.get(upper)).to.deep.equal(DATA);
    });
  });

  describe("idempotence", function () {
    it("writes nothing when the same bytes are stored again, and returns the same record", async function () {
      const first = await store.put(DATA);
      const before = await stat(first.path);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const second = await store.put(DATA);
      expect(second).to.deep.equal(first);
      expect((await stat(first.path)).mtimeMs).to.equal(before.mtimeMs);
      expect(await filesUnder(dir)).to.have.length(1);
    });

    it("leaves no temporary file behind, even when many writers store the same bytes at once", async function () {
      const results = await Promise.all(Array.from({ length: 8 }, () => store.put(DATA)));
      expect(new Set(results.map((r) => r.hash)).size).to.equal(1);
      expect(await filesUnder(dir)).to.deep.equal([path.relative(dir, results[0].path)]);
      expect(await store.get(results[0].hash)).to.deep.equal(DATA);
    });

    it("repairs a damaged file when its bytes are stored again", async function () {
      const { hash, path: file } = await store.put(DATA);
      await writeFile(file, "tampered");
      await store.put(DATA);
      expect(await store.get(hash)).to.deep.equal(DATA);
    });
  });

  describe("integrity", function () {
    it("refuses a tampered file with a ContentMismatchError naming the contribution and both hashes", async function () {
      const { hash, path: file } = await store.put(DATA);
      const tampered = toUtf8Bytes("a row of contribution dat4\n");
      await writeFile(file, tampered);
      const error = await store.get(hash, "contribution 12 of datanet 3").catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ContentMismatchError).and.instanceOf(ContentStoreError);
      const mismatch = error as ContentMismatchError;
      expect(mismatch.expected).to.equal(hash);
      expect(mismatch.actual).to.equal(keccak256(tampered));
      expect(mismatch.message).to.include("contribution 12 of datanet 3");
      expect(mismatch.message).to.include(hash);
      expect(mismatch.message).to.include(keccak256(tampered));
      expect(mismatch.message).to.include(file);
    });

    it("reports a missing file with a ContentMissingError naming the contribution and its hash", async function () {
      const hash = keccak256(DATA);
      expect(await store.has(hash)).to.equal(false);
      const error = await store.get(hash, "contribution 7 of datanet 1").catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ContentMissingError).and.instanceOf(ContentStoreError);
      expect((error as ContentMissingError).hash).to.equal(hash);
      expect((error as Error).message)
        .to.include("contribution 7 of datanet 1")
        .and.include(hash);
    });

    it("reports a file deleted after it was stored as missing", async function () {
      const { hash, path: file } = await store.put(DATA);
      expect(await store.has(hash)).to.equal(true);
      await rm(file);
      expect(await store.has(hash)).to.equal(false);
      await expect(store.get(hash)).to.be.rejectedWith(ContentMissingError, "stored content");
    });
  });

  describe("hash format", function () {
    const hash = keccak256(DATA);
    const bad: [string, string][] = [
      ["an empty string", ""],
      ["a bare 0x", "0x"],
      ["a hash without its 0x", hash.slice(2)],
      ["a hash one byte too long", `${hash}00`],
      ["a hash one digit too short", hash.slice(0, 65)],
      ["non-hex digits", `0x${"g".repeat(64)}`],
      ["a hash with a path appended", `0x${"ab".repeat(31)}/..`],
      ["a path that climbs out of the store", "../../../etc/passwd"],
    ];

    for (const [what, value] of bad) {
      it(`rejects ${what} with an InvalidContentHashError in get, has and pathOf`, async function () {
        await expect(store.get(value)).to.be.rejectedWith(InvalidContentHashError);
        await expect(store.has(value)).to.be.rejectedWith(InvalidContentHashError);
        expect(() => store.pathOf(value)).to.throw(InvalidContentHashError, "is not a content hash");
      });
    }
  });

  describe("defaultStorePath", function () {
    it("is data/store under the working directory when OPENLEDGER_STORE is not set", function () {
      expect(defaultStorePath({})).to.equal(path.resolve(DEFAULT_STORE_DIR));
      expect(defaultStorePath({ OPENLEDGER_STORE: "  " })).to.equal(path.resolve("data", "store"));
    });

    it("is OPENLEDGER_STORE when set", function () {
      expect(defaultStorePath({ OPENLEDGER_STORE: "/srv/openledger" })).to.equal("/srv/openledger");
      expect(defaultStorePath({ OPENLEDGER_STORE: "relative/store" })).to.equal(path.resolve("relative/store"));
    });
  });
});
