// A content-addressed store on local disk for contribution data, whose keccak-256 is all the chain keeps.
//
// Layout: the file whose bytes hash to 0xabcd… lives at `<dir>/ab/0xabcd…` (the first two hex digits shard the
// directory so that none grows past a few thousand entries). A file is written to a temporary name beside its
// final one, flushed, and renamed into place, so a reader sees either no file or the whole file. Reading checks
// the keccak-256 of the bytes read against the hash asked for, so a file altered on disk is never served.
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, stat, unlink } from "node:fs/promises";
import * as path from "node:path";

import { keccak256 } from "../util/keccak";

/** A keccak-256 content hash: `0x` and 64 hex digits. */
export type ContentHash = `0x${string}`;

/** Where a stored item lives and what it is. */
export interface StoredContent {
  hash: ContentHash;
  path: string;
  size: number;
}

/** The environment variable that moves the store. */
export const STORE_ENV = "OPENLEDGER_STORE";
/** The store's directory when STORE_ENV is not set, relative to the working directory. */
export const DEFAULT_STORE_DIR = path.join("data", "store");

/** The store directory: `$OPENLEDGER_STORE` if set, else `data/store`, resolved against the working directory. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[STORE_ENV]?.trim() || DEFAULT_STORE_DIR);
}

/** keccak-256 of `bytes`, the hash the chain records for them. */
export function contentHash(bytes: Uint8Array): ContentHash {
  return keccak256(bytes) as ContentHash;
}

/** Whether `value` is a content hash (either case of hex digits). */
export function isContentHash(value: string): value is ContentHash {
  return /^0x[0-9a-fA-F]{64}$/.test(value);
}

/** Any failure of the store to give back what was asked for. */
export class ContentStoreError extends Error {}

/** A hash that is not `0x` and 64 hex digits; nothing is read or written for it. */
export class InvalidContentHashError extends ContentStoreError {
  constructor(readonly value: string) {
    super(`${JSON.stringify(value)} is not a content hash (0x and 64 hex digits)`);
    this.name = "InvalidContentHashError";
  }
}

/** No file in the store for the hash. */
export class ContentMissingError extends ContentStoreError {
  constructor(
    readonly hash: ContentHash,
    readonly label: string,
    readonly path: string,
  ) {
    super(`${label} (content hash ${hash}) is missing from the store: no file at ${path}`);
    this.name = "ContentMissingError";
  }
}

/** The stored file does not hash to the hash it is stored under: it was altered or corrupted. */
export class ContentMismatchError extends ContentStoreError {
  constructor(
    readonly expected: ContentHash,
    readonly actual: ContentHash,
    readonly label: string,
    readonly path: string,
  ) {
    super(
      `${label} failed its integrity check: expected content hash ${expected}, ` +
        `but the stored file ${path} hashes to ${actual}`,
    );
    this.name = "ContentMismatchError";
  }
}

/** What an error names when the caller gives no label. */
const DEFAULT_LABEL = "stored content";

/** Anything that serves hash-checked bytes by content hash: a store directory, or a copy of one over HTTP(S). */
export interface ContentReader {
  /** The bytes stored under `hash`, checked against it; throws ContentMissingError or ContentMismatchError. */
  get(hash: string, label?: string): Promise<Uint8Array>;
}

/** The path of `hash` inside a store, relative to its root: the same on disk and under an HTTP base URL. */
export function relativePathOf(hash: string): string {
  const normalized = normalize(hash);
  return `${normalized.slice(2, 4)}/${normalized}`;
}

export class ContentStore implements ContentReader {
  /** The store's directory, absolute. */
  readonly dir: string;

  constructor(dir: string = defaultStorePath()) {
    this.dir = path.resolve(dir);
  }

  /** Where the file for `hash` lives (whether or not it is there). */
  pathOf(hash: string): string {
    return path.join(this.dir, ...relativePathOf(hash).split("/"));
  }

  /**
   * Stores `bytes` under their hash. Storing the same bytes again writes nothing; a file already there with
   * other bytes (damaged on disk) is replaced by the right ones.
   */
  async put(bytes: Uint8Array): Promise<StoredContent> {
    const hash = contentHash(bytes);
    const file = this.pathOf(hash);
    const stored = { hash, path: file, size: bytes.length };
    if (await this.holdsIntact(hash, file)) return stored;
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      const handle = await open(temporary, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
    return stored;
  }

  /** Stores the bytes of the file at `file` (read whole into memory). */
  async putFile(file: string): Promise<StoredContent> {
    return this.put(await readFile(file));
  }

  /**
   * The bytes stored under `hash`, after checking that they hash to it. `label` names the item in errors,
   * e.g. "contribution 12 of datanet 3". Throws ContentMissingError or ContentMismatchError.
   */
  async get(hash: string, label: string = DEFAULT_LABEL): Promise<Uint8Array> {
    const expected = normalize(hash);
    const file = this.pathOf(expected);
    const bytes = await readIfPresent(file);
    if (bytes === undefined) throw new ContentMissingError(expected, label, file);
    const actual = contentHash(bytes);
    if (actual !== expected) throw new ContentMismatchError(expected, actual, label, file);
    return bytes;
  }

  /** Whether a file is stored under `hash` (without reading it: `get` is what checks its integrity). */
  async has(hash: string): Promise<boolean> {
    try {
      return (await stat(this.pathOf(hash))).isFile();
    } catch (error) {
      if (isNotFound(error)) return false;
      throw error;
    }
  }

  private async holdsIntact(hash: ContentHash, file: string): Promise<boolean> {
    const bytes = await readIfPresent(file);
    return bytes !== undefined && contentHash(bytes) === hash;
  }
}

/**
 * A read-only copy of a store served over HTTP(S): `<base>/ab/0xabcd…`, the store's own layout, so that any
 * static file server (or gateway) over a store directory is a source. Every response is hash-checked.
 */
export class HttpContentReader implements ContentReader {
  readonly base: string;

  constructor(base: string) {
    this.base = base.replace(/\/+$/, "");
  }

  async get(hash: string, label: string = DEFAULT_LABEL): Promise<Uint8Array> {
    const expected = normalize(hash);
    const url = `${this.base}/${relativePathOf(expected)}`;
    const response = await fetch(url).catch((error: Error) => {
      throw new ContentStoreError(`${label}: cannot reach ${url}: ${error.message}`);
    });
    if (response.status === 404) throw new ContentMissingError(expected, label, url);
    if (!response.ok)
      throw new ContentStoreError(`${label}: ${url} answered ${response.status} ${response.statusText}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const actual = contentHash(bytes);
    if (actual !== expected) throw new ContentMismatchError(expected, actual, label, url);
    return bytes;
  }
}

/** The reader for a source given on the command line: an `http(s)://` base URL, or a store directory. */
export function contentReaderFor(source: string): ContentReader {
  return /^https?:\/\//i.test(source) ? new HttpContentReader(source) : new ContentStore(source);
}

// Lower case, so that either case of a hash names the same file and error messages match ethers' output.
function normalize(hash: string): ContentHash {
  if (!isContentHash(hash)) throw new InvalidContentHashError(hash);
  return hash.toLowerCase() as ContentHash;
}

async function readIfPresent(file: string): Promise<Uint8Array | undefined> {
  try {
    // A plain Uint8Array rather than a Buffer, so callers compare it with the bytes they stored.
    return new Uint8Array(await readFile(file));
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";
}
