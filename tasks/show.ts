// Commands that show state: `datanet:show`, `datanet:list`, `contribution:show`, `model:list`, `agent:list`,
// `rewards:status`, `rewards:claimable`. Thin: each parses its arguments and calls a reader in src/read.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { optional, parseAccount, parseFile, parseId } from "../src/cli/args";
import { CommandError, readingArgument, runCommand } from "../src/cli/errors";
import type { CommonArgs } from "../src/cli/options";
import { print, reading, type JsonArgs as Json } from "../src/cli/output";
import { formatOpen as open } from "../src/read/json";

/** A read command: `--deployment-id` and `--json`. */
const readTask = (name: string, description: string) => reading(task(name, description));

const suiteOf = async (hre: HardhatRuntimeEnvironment, args: CommonArgs) =>
  (await import("../src/cli/context")).suiteContext(hre, args);

readTask("datanet:show", "Prints a datanet: owner, stake, counts, versions")
  .addParam("datanet", "Datanet id", undefined, types.string)
  .setAction(async (args: Json & { datanet: string }, hre) =>
    runCommand(async () => {
      const { readDatanet } = await import("../src/read/datanets");
      const id = parseId(args.datanet, "datanet");
      const view = await readDatanet((await suiteOf(hre, args)).datanet, id);
      return print(args, view, (d) => [
        `Datanet ${d.id}  ${d.metadataURI}`,
        `  owner ${d.owner}, review period ${d.reviewPeriod} s, stake ${open(d.stake)}, created ${d.createdAt}`,
        `  ${d.contributionCount} contributions, ${d.approvedCount} approved, ${d.versions.length} versions`,
        ...d.versions.map((v) => `  version ${v.version}: first ${v.approvedCount} approved, ${v.publishedAt}`),
      ]);
    }),
  );

readTask("datanet:list", "Lists every datanet").setAction(async (args: Json, hre) =>
  runCommand(async () => {
    const { listDatanets } = await import("../src/read/datanets");
    const views = await listDatanets((await suiteOf(hre, args)).datanet);
    return print(args, views, (all) =>
      all.length === 0
        ? ["No datanets"]
        : all.map(
            (d) =>
              `Datanet ${d.id}  ${d.approvedCount}/${d.contributionCount} approved, ` +
              `${d.versions.length} versions, stake ${open(d.stake)}  ${d.metadataURI}`,
          ),
    );
  }),
);

readTask("contribution:show", "Prints a contribution: datanet, contributor, status, quality, stake")
  .addParam("contribution", "Contribution id", undefined, types.string)
  .setAction(async (args: Json & { contribution: string }, hre) =>
    runCommand(async () => {
      const { readContribution } = await import("../src/read/datanets");
      const id = parseId(args.contribution, "contribution");
      const view = await readContribution((await suiteOf(hre, args)).datanet, id);
      return print(args, view, (c) => [
        `Contribution ${c.id} to datanet ${c.datanetId}: ${c.status}` +
          (c.status === "Approved" ? ` (quality ${c.qualityBps} bps)` : ""),
        `  contributor ${c.contributor}, submitted ${c.submittedAt}, stake ${open(c.stake)}`,
        `  content ${c.contentHash}, ${c.sizeBytes} bytes${c.pointerURI ? `, at ${c.pointerURI}` : ""}`,
      ]);
    }),
  );

readTask("model:list", "Lists every registered model").setAction(async (args: Json, hre) =>
  runCommand(async () => {
    const { listModels } = await import("../src/read/models");
    const models = await listModels((await suiteOf(hre, args)).models);
    return print(args, models, (all) =>
      all.length === 0
        ? ["No models"]
        : all.map(
            (m) =>
              `Model ${m.id}  ${m.kind === "base" ? "base" : `adapter on ${m.baseModelId}`}, ` +
              `${open(m.feePerInference)}, ${m.active ? "active" : "inactive"}, owner ${m.owner}  ${m.metadataURI}`,
          ),
    );
  }),
);

readTask("agent:list", "Lists every registered agent").setAction(async (args: Json, hre) =>
  runCommand(async () => {
    const { listAgents } = await import("../src/read/models");
    const agents = await listAgents((await suiteOf(hre, args)).agents);
    return print(args, agents, (all) =>
      all.length === 0
        ? ["No agents"]
        : all.map(
            (a) =>
              `Agent ${a.id}  models ${a.models.join(",")}, ${open(a.feePerTask)} per task, ` +
              `${a.active ? "active" : "inactive"}, owner ${a.owner}  ${a.metadataURI}`,
          ),
    );
  }),
);

readTask("rewards:status", "Prints the epochs, the pending root and the rewards ledger").setAction(
  async (args: Json, hre) =>
    runCommand(async () => {
      const { readRewardsStatus } = await import("../src/read/rewards");
      const status = await readRewardsStatus((await suiteOf(hre, args)).rewards);
      return print(args, status, (s) => [
        `Epochs posted ${s.epochCount}, accepted ${s.acceptedEpoch === 0n ? "none" : s.acceptedEpoch}`,
        s.pending
          ? `  pending epoch ${s.pending.epoch}: root ${s.pending.root}, ` +
            (s.pending.held ? "held by a challenge" : `claimable at ${s.pending.claimableAt}`)
          : "  no root pending",
        `  challenge window ${s.challengeWindowSeconds} s`,
        `  funded ${open(s.funded)}, allocated ${open(s.allocated)}, ` + `claimed ${open(s.claimed)}`,
        `  accrued to owners ${open(s.accrued)}, owed in all ${open(s.owed)}`,
      ]);
    }),
);

readTask("rewards:claimable", "Prints what an account can claim now with a proofs file")
  .addParam("account", "The account", undefined, types.string)
  .addOptionalParam("proofs", "Proofs file (default the latest in the settlements folder)", undefined, types.string)
  .setAction(async (args: Json & { account: string; proofs?: string }, hre) =>
    runCommand(async () => {
      const { readProofsFile } = await import("../src/settlement/files");
      const { readClaimable, latestProofsFile } = await import("../src/read/rewards");
      const { proofsDir } = await import("../src/ops/settlement");
      const account = parseAccount(args.account, "account");
      const given = optional(args.proofs, "proofs", parseFile);
      const { rewards } = await suiteOf(hre, args);
      const file = given ?? (await latestProofsFile(await proofsDir(rewards)));
      if (file === undefined) {
        throw new CommandError(`no proofs file in ${await proofsDir(rewards)}: give --proofs FILE`);
      }
      const proofs = await readingArgument("proofs", () => readProofsFile(file));
      const claimable = await readClaimable(rewards, proofs, account);
      if (!claimable) throw new CommandError(`${account} is not in the proofs of epoch ${proofs.epoch} (${file})`);
      return print(args, claimable, (c) => [
        `${c.account}: ${open(c.claimable)} claimable now with epoch ${c.epoch} (${c.state}` +
          (c.state === "pending" ? `, claimable at ${c.claimableAt})` : ")"),
        `  cumulative ${open(c.cumulativeAmount)}, already claimed ${open(c.claimed)}`,
      ]);
    }),
  );
