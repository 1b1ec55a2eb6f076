// The operations walk-through of docs/operations.md, run as written against a fresh anvil: every command in order,
// each role signing with its own account, every line it prints checked against the docs, and at the end the money
// where the docs say it went.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { JsonRpcProvider } from "ethers";
import { startAnvil, type AnvilNode } from "../../src/chain/anvil";
import { isCoverageRun } from "../../src/chain/config";
import { section } from "../docs/markdown";
import { outputLines } from "../helpers/output";
import { failure, runWalkthrough, showsAs, walkthroughSteps, type Ran } from "../helpers/walkthrough";

const ROOT = hre.config.paths.root;
const FILE = "docs/operations.md";
const HEADING = "## The walk-through";
/** Where the docs show the reader's clone in a printed path. */
const SHOWN_ROOT = "/home/me/openledger";

/** The role table at the top of the walk-through: role → `--from` index → address. */
async function roleTable(): Promise<{ role: string; index: number; address: string }[]> {
  const text = section(await readFile(path.join(ROOT, FILE), "utf8"), HEADING);
  return [...text.matchAll(/^\| ([a-z][a-z ]+?) +\| (\d+) +\| `(0x[0-9a-fA-F]{40})` +\|/gm)].map((m) => ({
    role: m[1],
    index: Number(m[2]),
    address: m[3],
  }));
}

describe("The operations walk-through of the docs, on a separate node", function () {
  const steps = walkthroughSteps(FILE, HEADING);
  let anvil: AnvilNode;
  let provider: JsonRpcProvider;
  let work: string;
  let ran: Ran[] = [];

  before(async function () {
    // Coverage instruments the contracts past the code size limit a real chain keeps.
    anvil = await startAnvil({ disableCodeSizeLimit: isCoverageRun(hre) });
    provider = new ethers.JsonRpcProvider(anvil.url, undefined, { cacheTimeout: -1 });
    // The reader's clone: the docs' relative paths (node_modules/…, ignition/parameters/…, data/…) resolve here,
    // and what the commands write (data/, ignition/deployments/) stays out of the repository.
    work = await mkdtemp(path.join(os.tmpdir(), "openledger-walkthrough-"));
    await symlink(path.join(ROOT, "node_modules"), path.join(work, "node_modules"));
    await mkdir(path.join(work, "ignition"));
    await symlink(path.join(ROOT, "ignition", "parameters"), path.join(work, "ignition", "parameters"));
    ran = await runWalkthrough(
      steps.flatMap((step) => step.commands),
      anvil.url,
      work,
    );
  });

  after(async function () {
    provider?.destroy();
    await anvil?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("gives each role its own account, at the address the node holds for its index", async function () {
    const table = await roleTable();
    expect(table.length).to.be.at.least(10);
    const accounts = (await provider.send("eth_accounts", [])) as string[];
    for (const { role, index, address } of table) {
      expect(accounts[index], `${role} (--from ${index})`).to.equal(address.toLowerCase());
    }
    expect(new Set(table.map((r) => r.index)).size, "one account per role").to.equal(table.length);
    const used = steps.flatMap((s) => s.commands).flatMap((c) => [...c.matchAll(/--from (\d+)/g)].map((m) => m[1]));
    expect(used.length).to.be.at.least(10);
    for (const index of used) expect(table.map((r) => String(r.index))).to.include(index);
  });

  let next = 0; // the first result of the step being checked
  for (const [i, step] of steps.entries()) {
    const more = step.commands.length > 1 ? ` (and ${step.commands.length - 1} more)` : "";
    const first = step.commands[0].replace(/\s+/g, " ");
    it(`step ${i + 1}: \`${first}\`${more} prints what the docs show`, function () {
      const results = ran.slice(next, next + step.commands.length);
      next += step.commands.length;
      const failed = ran.find((r) => r.error !== undefined);
      for (const [j, command] of step.commands.entries()) {
        const result = results[j];
        if (result === undefined) throw new Error(`not run: \`${failed?.command}\` failed before it`);
        if (result.error !== undefined) throw failure(result);
        expect(result.command).to.equal(command);
      }
      const printed = results.flatMap((r) => outputLines(r.stdout)).map((line) => line.split(work).join(SHOWN_ROOT));
      if (step.expected === undefined) {
        console.log(`--- ${step.commands.join("\n    ")}\n${printed.join("\n")}`);
      } else {
        expect(showsAs(step.expected, printed), `what it printed:\n${printed.join("\n")}`).to.equal(true);
      }
    });
  }
});
