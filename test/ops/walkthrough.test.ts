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
import { AttributionRewards__factory, OpenToken__factory } from "../../typechain-types";
import { section } from "../docs/markdown";
import { outputLines } from "../helpers/output";
import { failure, runWalkthrough, showsAs, walkthroughSteps, type Ran } from "../helpers/walkthrough";

const ROOT = hre.config.paths.root;
const FILE = "docs/operations.md";
const HEADING = "## The walk-through";
/** Where the docs show the reader's clone in a printed path. */
const SHOWN_ROOT = "/home/me/openledger";

/** Accounts of the walk-through's table, by role, as the refusals below use them. */
const CURATOR = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const DEPLOYER = "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266";

/**
 * A newcomer's likely slips after the walk-through, each with what its one line must say: the wrong --from for a
 * role, or an account that holds no OPEN. Each is refused by the contract's custom error, decoded by name.
 */
const REFUSALS: [command: string, message: string][] = [
  [
    "npx hardhat datanet:contribute --network localhost --from 5 --datanet 1 --file node_modules/@openzeppelin/contracts/token/ERC721/ERC721.sol",
    `the contract refused: ERC20InsufficientBalance(${CURATOR}, 0, 1000000000000000000)`,
  ],
  [
    "npx hardhat model:infer --network localhost --from 5 --model 1 --agent 1 --prompt function --seed 1 --log data/curator.jsonl",
    `the contract refused: ERC20InsufficientBalance(${CURATOR}, 0, 2100000000000000000)`,
  ],
  [
    "npx hardhat attribution:settle --network localhost --from 0 --inferences data/inferences.jsonl",
    `--from: ${DEPLOYER} does not hold ATTRIBUTOR_ROLE, which posts roots: sign as the attributor the deployment named`,
  ],
  [
    "npx hardhat datanet:publish --network localhost --from 5 --datanet 1",
    `the contract refused: NotDatanetOwner(1, ${CURATOR})`,
  ],
  [
    "npx hardhat datanet:curator --network localhost --from 0 --datanet 1 --account " + DEPLOYER,
    `the contract refused: NotDatanetOwner(1, ${DEPLOYER})`,
  ],
];

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
      REFUSALS.map(([command]) => command),
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
      expect(step.expected, "the docs show what the block prints").to.not.equal(undefined);
      expect(showsAs(step.expected!, printed), `what it printed:\n${printed.join("\n")}`).to.equal(true);
    });
  }

  it("pays the contributor's claim and leaves every OPEN with the party the docs say", async function () {
    const done = ran.slice(0, next);
    expect(done.length, "the whole walk-through ran").to.equal(steps.flatMap((s) => s.commands).length);
    const deployed = JSON.parse(
      await readFile(path.join(work, "ignition", "deployments", "chain-31337", "deployed_addresses.json"), "utf8"),
    ) as Record<string, string>;
    const token = OpenToken__factory.connect(deployed["OpenLedger#OpenToken"], provider);
    const rewards = AttributionRewards__factory.connect(deployed["OpenLedger#AttributionRewards"], provider);
    const roles = Object.fromEntries((await roleTable()).map((r) => [r.role, r.address]));
    const open = (text: string) => ethers.parseEther(/([\d.]+) OPEN/.exec(text)![1]);
    const said = (pattern: RegExp) => done.map((r) => r.stdout).find((out) => pattern.test(out))!;

    // The contributor's claim paid what the proofs file holds for it, and its stakes came back on approval.
    const claimed = await rewards.claimed(roles.contributor);
    expect(claimed).to.be.greaterThan(0n);
    expect(claimed).to.equal(open(said(new RegExp(`^Paid .* to ${roles.contributor}`, "m"))));
    const funded = open(said(new RegExp(`^Sent .* to ${roles.contributor}`, "m")));
    expect(await token.balanceOf(roles.contributor)).to.equal(funded + claimed);

    // The payer paid two inferences, one with a permit and one from the credit it deposited; each price went to
    // the data pool (claimed above) and to the owners and treasury, who withdrew it all. The unspent credit stays.
    const prices = done.flatMap((r) => [...r.stdout.matchAll(/^ {2}paid ([\d.]+) OPEN/gm)]);
    expect(prices.length, "two paid inferences").to.equal(2);
    const price = prices.reduce((sum, m) => sum + ethers.parseEther(m[1]), 0n);
    const byVoucher = open(said(/^ {2}paid .* by voucher/m));
    const deposited = open(said(/^Deposited /m));
    const paidFor = open(said(new RegExp(`^Sent .* to ${roles.payer}`, "m")));
    expect(await token.balanceOf(roles.payer)).to.equal(paidFor - (price - byVoucher) - deposited);
    const credit = deposited - byVoucher;
    expect(await rewards.creditOf(roles.payer)).to.equal(credit);
    const owners = [roles["model owner"], roles["agent owner"]];
    for (const owner of [...owners, roles.treasury]) expect(await rewards.accrued(owner), owner).to.equal(0n);
    const toOwners = await Promise.all(owners.map((owner) => token.balanceOf(owner)));
    for (const amount of toOwners) expect(amount).to.be.greaterThan(0n);
    const protocol = open(said(new RegExp(`^Withdrew .* to ${roles.treasury}`, "m")));
    expect(claimed + toOwners[0] + toOwners[1] + protocol).to.equal(price);
    expect(await rewards.totalOwed()).to.equal(credit);
    expect(await token.balanceOf(await rewards.getAddress())).to.equal(credit);

    // Nobody else holds any OPEN: every token is the treasury's, the payer's credit, or went where the docs say.
    const holders = Object.values(roles);
    const held = await Promise.all(holders.map((account) => token.balanceOf(account)));
    expect(held.reduce((a, b) => a + b, credit)).to.equal(await token.totalSupply());
  });

  it("sends nothing from the deployer after the deploy: every later step signs as its own role", async function () {
    const deployedAt = ran[0].blocksMined!;
    const deployer = (await roleTable()).find((r) => r.index === 0)!.address;
    // Each deploy transaction is one block on anvil, so the deployer's nonce is the deploy's block count.
    expect(await provider.getTransactionCount(deployer)).to.equal(deployedAt);
  });

  for (const [i, [command, message]] of REFUSALS.entries()) {
    it(`refuses \`${command.replace(/ --network localhost/, "")}\` with "${message}", mining nothing`, function () {
      const result = ran[next + i];
      expect(result, "run after the walk-through").to.not.equal(undefined);
      expect(result.command).to.equal(command);
      expect(result.error, "it failed").to.be.a("string");
      expect(result.error).to.include(message);
      expect(result.blocksMined, "no block was mined").to.equal(0);
    });
  }
});
