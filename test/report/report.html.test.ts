// The HTML report loads in headless Chromium without errors and draws every chart from its data.
import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { renderReportHtml } from "../../src/report/html";
import { dumpDom, findChromium } from "../../src/report/browser";
import type { SimulationSummary } from "../../src/report/types";

function sampleSummary(): SimulationSummary {
  const wei = (open: number) => (BigInt(Math.round(open * 1e6)) * 10n ** 12n).toString();
  return {
    generatedAt: "2026-01-01T00:00:00.000Z",
    network: "hardhat",
    chainId: 31337,
    seed: "7",
    scenario: "copycat",
    options: { contributors: 3 },
    addresses: {},
    earningsByRole: { protocol: wei(5) },
    contributors: [
      { address: "0x01", label: "c1", kind: "honest", entitled: wei(40), claimed: wei(40), approved: 3, rejected: 0 },
      {
        address: "0x02",
        label: "c2",
        kind: "honest",
        entitled: wei(25.5),
        claimed: wei(25.5),
        approved: 2,
        rejected: 0,
      },
      {
        address: "0x03",
        label: "cat</script><b>",
        kind: "copycat",
        entitled: wei(1),
        claimed: wei(1),
        approved: 1,
        rejected: 1,
      },
    ],
    epochs: [
      { epoch: 1, inferences: 4, protocol: wei(1), agentOwners: wei(2), modelOwners: wei(3), dataPool: wei(5) },
      { epoch: 2, inferences: 6, protocol: wei(2), agentOwners: wei(1), modelOwners: wei(4), dataPool: wei(9) },
    ],
    attackers: [
      {
        scenario: "copycat",
        attacker: "cat",
        earned: wei(1),
        imitated: "c1",
        imitatedEarned: wei(40),
        expectation: "far less than the author",
        met: true,
      },
      {
        scenario: "challenge",
        attacker: "the attributor",
        earned: (-BigInt(wei(100_000))).toString(),
        imitated: "honest roots",
        imitatedEarned: wei(0),
        expectation: "ends with less than it staked",
        met: true,
      },
    ],
    proposals: [
      {
        id: "4242",
        description: "Set the challenge window to 60 seconds",
        actions: ["AttributionRewards.setChallengeWindow(60)"],
        changes: [{ parameter: "AttributionRewards.challengeWindow", before: "86400 s", after: "60 s" }],
        state: "Executed",
        votes: { for: wei(1_000_000), against: wei(0), abstain: wei(0) },
        quorum: wei(40_000),
      },
    ],
    gas: [
      { operation: "rewards.pay", count: 10, mean: 101_000, max: 120_000 },
      { operation: "rewards.claim", count: 3, mean: 70_000, max: 71_000 },
    ],
    audit: { ok: true, checks: [{ name: "supply", ok: true, detail: "1e9 OPEN" }] },
  };
}

function countIn(dom: string, chartId: string, tag: string): number {
  const start = dom.indexOf(`id="${chartId}"`);
  const end = dom.indexOf("</div>", start);
  return (dom.slice(start, end).match(new RegExp(`<${tag}\\b`, "g")) ?? []).length;
}

describe("HTML report", function () {
  it("is one self-contained page that loads nothing from the network", function () {
    const html = renderReportHtml(sampleSummary());
    expect(html).to.not.match(/<(script|link|img)[^>]+(src|href)=/i);
    expect(html).to.not.match(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  });

  it("embeds the whole summary as JSON that no label can close early", function () {
    const summary = sampleSummary();
    const html = renderReportHtml(summary);
    const embedded = html.match(/<script id="summary" type="application\/json">([^]*?)<\/script>/)![1];
    expect(embedded).to.not.include("</script>");
    expect(JSON.parse(embedded)).to.deep.equal(summary);
  });

  describe("in headless Chromium", function () {
    const chromium = findChromium();
    let dir: string;

    before(async function () {
      if (!chromium) {
        if (process.env.CI) throw new Error("CI must install Chromium (apt-get install chromium) for the report test");
        console.log("    (skipped: no Chromium installed; `apt-get install chromium` to run it)");
        this.skip();
      }
      dir = await mkdtemp(path.join(os.tmpdir(), "openledger-report-"));
    });

    after(async function () {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("loads without script errors and draws a bar per contributor, per epoch and role, and per operation", async function () {
      const summary = sampleSummary();
      const file = path.join(dir, "report.html");
      await writeFile(file, renderReportHtml(summary));
      const dom = await dumpDom(chromium!, file);
      expect(dom).to.include('data-rendered="ok"');
      expect(countIn(dom, "chart-contributors", "rect")).to.equal(summary.contributors.length);
      expect(countIn(dom, "chart-epochs", "rect")).to.equal(summary.epochs.length * 4);
      expect(countIn(dom, "chart-gas", "rect")).to.equal(summary.gas.length);
      // A loss prints as a number, as large as the same gain would.
      expect(dom).to.include("<td>-100000</td>");
      // One row per proposal under its header row, saying what it changed and its state.
      expect(countIn(dom, "proposals", "tr")).to.equal(summary.proposals.length + 1);
      expect(dom).to.include("AttributionRewards.challengeWindow: 86400 s → 60 s");
      // A label that tries to close the script element is shown as text, not parsed as markup.
      expect(dom).to.not.include("<b></b>");
    });

    it("reports a script error instead of claiming it rendered", async function () {
      const file = path.join(dir, "broken.html");
      const broken = renderReportHtml(sampleSummary()).replace('"epochs":[', '"epochs":[null,');
      await writeFile(file, broken);
      const dom = await dumpDom(chromium!, file);
      expect(dom).to.match(/data-rendered="error: /);
    });
  });
});
