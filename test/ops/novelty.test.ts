// checkNovelty reads a contribution and the datanet's approved data from the store, hash-checked, and compares them.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { deploySuite } from "../../src/chain/deploy";
import { checkNovelty, contributeBytes, createDatanet } from "../../src/ops/data";
import { lightlyEdit, seededRandom } from "../../src/sim/corpus";
import { ContentMismatchError, ContentStore } from "../../src/store/ContentStore";

const OZ = path.dirname(require.resolve("@openzeppelin/contracts/package.json"));

async function datanetWithSubmissions() {
  const [owner, author, cat] = await ethers.getSigners();
  const suite = await deploySuite(hre);
  const store = new ContentStore(await mkdtemp(path.join(os.tmpdir(), "openledger-novelty-")));
  for (const who of [author, cat]) await suite.token.transfer(who.address, ethers.parseEther("100"));
  const { datanetId } = await createDatanet(suite.datanet, owner, "ipfs://audits", ethers.parseEther("1"));
  await suite.datanet.setCurator(datanetId, owner.address, true);
  const original = await readFile(path.join(OZ, "token/ERC20/ERC20.sol"), "utf8");
  const submit = (who: typeof author, text: string) =>
    contributeBytes(suite.datanet, suite.token, store, who, datanetId, Buffer.from(text));
  const first = await submit(author, original);
  await suite.datanet.approve(first.contributionId, 9_000);
  const copy = await submit(cat, lightlyEdit(original, seededRandom("c")));
  const fresh = await submit(author, await readFile(path.join(OZ, "token/ERC1155/ERC1155.sol"), "utf8"));
  return { suite, store, first, copy, fresh };
}

describe("checkNovelty", function () {
  it("finds a pending copy of approved data and names the contribution it repeats", async function () {
    const { suite, store, first, copy } = await loadFixture(datanetWithSubmissions);
    const report = await checkNovelty(suite.datanet, store, copy.contributionId);
    expect(report.approvedCompared).to.equal(1);
    expect(report.isCopy).to.equal(true);
    expect(report.overlaps[0].id).to.equal(first.contributionId.toString());
  });

  it("passes new data", async function () {
    const { suite, store, fresh } = await loadFixture(datanetWithSubmissions);
    const report = await checkNovelty(suite.datanet, store, fresh.contributionId);
    expect(report.isCopy).to.equal(false);
  });

  it("refuses a stored file that no longer matches its on-chain hash, naming the contribution", async function () {
    const { suite, store, first, copy } = await loadFixture(datanetWithSubmissions);
    const file = store.pathOf(first.contentHash);
    const bytes = await readFile(file);
    await writeFile(file, Buffer.concat([bytes, Buffer.from("// tampered")]));
    try {
      await expect(checkNovelty(suite.datanet, store, copy.contributionId)).to.be.rejectedWith(
        ContentMismatchError,
        `contribution ${first.contributionId} of datanet 1`,
      );
    } finally {
      await writeFile(file, bytes);
    }
  });
});
