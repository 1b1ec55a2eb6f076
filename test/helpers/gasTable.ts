// The gas tests' one check against the docs: a section's table of measured figures and budgets, read from the page.
import { expect } from "chai";
import hre from "hardhat";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { isCoverageRun } from "../../src/chain/config";

/**
 * Asserts that `gas` names exactly the operations of the table in the section `section` of `docs/<page>`, and (on the
 * real build) that each is under its budget and within 2% of its documented figure.
 */
export async function expectGasTable(
  section: string,
  gas: Record<string, bigint>,
  page: string = "gas.md",
): Promise<void> {
  if (process.env.REPORT_GAS === "1") for (const [k, v] of Object.entries(gas)) console.log(`      gas: ${k}: ${v}`);
  const text = await readFile(path.join(hre.config.paths.root, "docs", page), "utf8");
  // The section's own table only: other tables of the page have rows of the same shape.
  const doc = text.split(`\n## ${section}\n`)[1].split("\n## ")[0];
  const rows = [...doc.matchAll(/^\| `([\w.]+)`\s*\|\s*([\d,]+)\s*\|\s*([\d,]+)\s*\|/gm)];
  const number = (cell: string) => BigInt(cell.replaceAll(",", ""));
  const table = Object.fromEntries(
    rows.map(([, name, measured, budget]) => [name, [number(measured), number(budget)]]),
  );
  expect(Object.keys(table).sort()).to.deep.equal(Object.keys(gas).sort());
  // Coverage instruments the bytecode, which inflates gas: the figures hold for the real build only.
  if (isCoverageRun(hre)) return;
  for (const [name, used] of Object.entries(gas)) {
    const [measured, budget] = table[name];
    expect(used, name).to.be.lessThan(budget);
    // Within 2% of the documented figure: other contracts' gas work may move it a little, not silently a lot.
    expect(used * 100n, name).to.be.within(measured * 98n, measured * 102n);
  }
}
