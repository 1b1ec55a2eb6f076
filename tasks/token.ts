// `token:balance` and `token:transfer`: OPEN held by an account, and OPEN sent from the `--from` account.
import { task, types } from "hardhat/config";
import { optional, parseAccount, parseOpen } from "../src/cli/args";
import { argumentError, CommandError, runCommand } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs } from "../src/cli/options";

withCommonOptions(task("token:balance", "Prints the OPEN an account holds (default: the --from account)"), [
  "deploymentId",
  "from",
])
  .addOptionalParam("account", "The account to read", undefined, types.string)
  .addFlag("json", "Print the balance as JSON")
  .setAction(async (args: CommonArgs & { account?: string; json: boolean }, hre) =>
    runCommand(async () => {
      const { resolveSigner } = await import("../src/cli/signer");
      const { suiteContext } = await import("../src/cli/context");
      const { readBalance } = await import("../src/ops/token");
      const { toJson } = await import("../src/read/json");
      const account = optional(args.account, "account", parseAccount) ?? (await resolveSigner(hre, args)).address;
      const suite = await suiteContext(hre, args);
      const balance = await readBalance(suite.token, account);
      console.log(
        args.json ? toJson(balance) : `${balance.account} holds ${hre.ethers.formatEther(balance.balance)} OPEN`,
      );
      return balance;
    }),
  );

withCommonOptions(task("token:transfer", "Sends OPEN from the --from account to another"), ["deploymentId", "from"])
  .addParam("to", "The recipient's address", undefined, types.string)
  .addParam("amount", "OPEN to send, a decimal such as 2.5", undefined, types.string)
  .addFlag("json", "Print the transfer as JSON")
  .setAction(async (args: CommonArgs & { to: string; amount: string; json: boolean }, hre) =>
    runCommand(async () => {
      const { chainContext } = await import("../src/cli/context");
      const { transferOpen, InsufficientOpen } = await import("../src/ops/token");
      const { toJson } = await import("../src/read/json");
      const to = parseAccount(args.to, "to");
      const amount = parseOpen(args.amount, "amount");
      if (amount === 0n) throw argumentError("amount", "a transfer sends more than 0 OPEN");
      const { suite, signer } = await chainContext(hre, args);
      const sent = await transferOpen(suite.token, signer, to, amount).catch((error: unknown) => {
        throw error instanceof InsufficientOpen ? new CommandError(error.message) : error;
      });
      const hash = sent.transactions[0].hash;
      if (args.json) {
        const { transactions: _receipts, ...fields } = sent;
        console.log(toJson({ ...fields, transaction: hash }));
      } else {
        console.log(`Sent ${args.amount} OPEN from ${sent.from} to ${to} in transaction ${hash}`);
        console.log(`  ${sent.from} now holds ${hre.ethers.formatEther(sent.balanceAfter)} OPEN`);
      }
      return sent;
    }),
  );
