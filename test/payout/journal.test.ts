// The payout job's state directory without a chain: the journal is bound to one deployment and written whole, and
// the lock lets one run at a time in.
import { expect } from "chai";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { JournalError, loadJournal, saveJournal, journalPath } from "../../src/payout/journal";
import { acquireLock, LockHeldError, LOCK_FILE } from "../../src/payout/lock";

const REWARDS = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
const OTHER = "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359";

describe("The payout state directory", function () {
  let dir: string;

  beforeEach(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "payout-state-"));
  });

  afterEach(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("starts an empty journal bound to the chain and rewards contract, and reads back what it wrote", async function () {
    const journal = await loadJournal(dir, 31337n, REWARDS.toLowerCase());
    expect(journal).to.deep.equal({
      format: "openledger-payout-journal/1",
      chainId: "31337",
      rewards: REWARDS,
      epochs: [],
    });
    journal.epochs.push({ epoch: 1, settle: { toBlock: 9, done: false } });
    await saveJournal(dir, journal);
    expect(await loadJournal(dir, 31337n, REWARDS)).to.deep.equal(journal);
    expect(await readdir(dir), "no temporary file is left behind").to.deep.equal(["journal.json"]);
  });

  it("refuses the journal of another chain or another rewards contract, naming both", async function () {
    await saveJournal(dir, await loadJournal(dir, 31337n, REWARDS));
    await expect(loadJournal(dir, 1n, REWARDS)).to.be.rejectedWith(JournalError, "on chain 31337, not of");
    await expect(loadJournal(dir, 31337n, OTHER)).to.be.rejectedWith(JournalError, `not of ${OTHER}`);
  });

  it("refuses a journal of another format or one that is not JSON", async function () {
    await writeFile(journalPath(dir), JSON.stringify({ format: "something/9" }));
    await expect(loadJournal(dir, 1n, REWARDS)).to.be.rejectedWith(JournalError, 'format "something/9"');
    await writeFile(journalPath(dir), "{");
    await expect(loadJournal(dir, 1n, REWARDS)).to.be.rejectedWith(JournalError, "is not JSON");
  });

  it("lets one run hold the lock, names it to the next, and releases only its own lock", async function () {
    const lock = await acquireLock(dir);
    expect(JSON.parse(await readFile(path.join(dir, LOCK_FILE), "utf8"))).to.deep.equal(lock.owner);
    const refused = await acquireLock(dir).catch((error: unknown) => error);
    expect(refused).to.be.instanceOf(LockHeldError);
    expect((refused as Error).message).to.include(`pid ${process.pid} on ${hostname()}`);
    await lock.release();
    expect(await readdir(dir)).to.deep.equal([]);
  });

  it("takes over a lock whose process is gone, or that its writer left unreadable, and says whose it was", async function () {
    // Above Linux's largest pid (2^22): no process has it.
    const dead = { pid: 2 ** 22 + 7, host: hostname(), startedAt: "2026-01-01T00:00:00.000Z" };
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(dead));
    const lock = await acquireLock(dir);
    expect(lock.tookOver).to.deep.equal(dead);
    await lock.release();
    await writeFile(path.join(dir, LOCK_FILE), '{"pid":');
    const second = await acquireLock(dir);
    expect(second.tookOver).to.include({ pid: 0 });
    await second.release();
  });

  it("never takes over a lock held on another host, whose process it cannot see", async function () {
    const remote = { pid: 1, host: `not-${hostname()}`, startedAt: "2026-01-01T00:00:00.000Z" };
    await writeFile(path.join(dir, LOCK_FILE), JSON.stringify(remote));
    await expect(acquireLock(dir)).to.be.rejectedWith(LockHeldError, "if that run is gone, delete the lock file");
  });
});
