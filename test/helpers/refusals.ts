// One shape for every bad-argument test of a task, run in-process: it stops with one plugin error that names the
// argument, and mines, sends and pays nothing.
import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { HardhatPluginError } from "hardhat/plugins";
import path from "node:path";

/** [task, arguments as Hardhat passes them, what the one-line error must say]. */
export type RefusalCase = [task: string, args: Record<string, unknown>, message: string];

/**
 * One test per case. `prepare` completes a case's arguments before the run (default: `json` false), without
 * changing its title; paths inside the repository are shown relative to it in titles.
 */
export function itRefusesEach(
  cases: readonly RefusalCase[],
  prepare: (task: string, args: Record<string, unknown>) => Record<string, unknown> = (_task, args) => ({
    json: false,
    ...args,
  }),
): void {
  const root = hre.config.paths.root + path.sep;
  for (const [name, args, message] of cases) {
    it(`${name} ${JSON.stringify(args).replaceAll(root, "")}: "${message}"`, async function () {
      const [sender] = await ethers.getSigners();
      const block = await ethers.provider.getBlockNumber();
      const nonce = await sender.getNonce();
      const balance = await ethers.provider.getBalance(sender.address);
      const error = await hre.run(name, prepare(name, args)).then(
        () => expect.fail(`${name} accepted ${JSON.stringify(args)}`),
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(HardhatPluginError);
      expect((error as HardhatPluginError).pluginName).to.equal("openledger");
      expect((error as Error).message).to.include(message);
      expect(await ethers.provider.getBlockNumber(), "no block was mined").to.equal(block);
      expect(await sender.getNonce(), "no transaction was sent").to.equal(nonce);
      expect(await ethers.provider.getBalance(sender.address), "no gas was paid").to.equal(balance);
    });
  }
}
