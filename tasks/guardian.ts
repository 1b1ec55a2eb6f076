// Guardian and admin commands on AttributionRewards: `rewards:revoke`, `rewards:pause`, `rewards:unpause`,
// `rewards:set-shares`, `rewards:set-window`, `rewards:set-treasury`. Thin: each parses its arguments, then
// src/ops/admin.ts sends the call, or (when only the timelock holds the role) gives the gov:propose to make instead.
import { task, types } from "hardhat/config";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { AttributionRewards } from "../typechain-types";
import type { AdminAction } from "../src/ops/admin";
import { parseAccount, parseBps, parseWholeNumber } from "../src/cli/args";
import { CommandError, runCommand } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs } from "../src/cli/options";

interface AdminArgs extends CommonArgs {
  json: boolean;
  proposal?: string;
}

/** The shared options, then the guardian or admin role the command needs in its description. */
function adminTask(name: string, description: string) {
  return withCommonOptions(task(name, description), ["deploymentId", "from"])
    .addOptionalParam(
      "proposal",
      "Where to write the gov:propose actions file when only the timelock holds the role",
      undefined,
      types.string,
    )
    .addFlag("json", "Print the outcome as one JSON document");
}

/** The gov:propose command that makes the call, for the network and deployment in use. */
function proposeCommand(hre: HardhatRuntimeEnvironment, args: AdminArgs, file: string, description: string) {
  const deployment = args.deploymentId ? ` --deployment-id ${args.deploymentId}` : "";
  return (
    `npx hardhat gov:propose --actions ${file} --description ${JSON.stringify(description)}` +
    ` --network ${hre.network.name}${deployment}`
  );
}

/** Connects, builds the action from the chain (checks that read it), then sends it or prints the proposal. */
async function runAdmin(
  hre: HardhatRuntimeEnvironment,
  args: AdminArgs,
  build: (rewards: AttributionRewards) => Promise<AdminAction> | AdminAction,
) {
  return runCommand(async () => {
    const { writeFile } = await import("node:fs/promises");
    const { chainContext } = await import("../src/cli/context");
    const { loadGovernance } = await import("../src/gov/deployment");
    const { performAdminAction } = await import("../src/ops/admin");
    const { toJson } = await import("../src/read/json");
    const { suite, signer } = await chainContext(hre, args);
    const action = await build(suite.rewards);
    const timelock = await loadGovernance(hre, args.deploymentId).then(
      (gov) => gov.names.timelock,
      () => undefined,
    );
    const done = await performAdminAction(suite.rewards, signer, action, timelock);
    if (done.sent) {
      console.log(args.json ? toJson(done) : `${action.description}: sent in transaction ${done.transaction}`);
      return done;
    }
    if (args.proposal) await writeFile(args.proposal, JSON.stringify(done.proposal, null, 2) + "\n");
    const command = proposeCommand(hre, args, args.proposal ?? "<actions file>", action.description);
    if (args.json) {
      console.log(toJson({ ...done, command }));
    } else {
      console.log(
        [
          `Nothing sent: ${signer.address} does not hold ${action.role}; the timelock ${done.timelock} does,`,
          "so this change is a governance proposal.",
          args.proposal ? `The actions are in ${args.proposal}:` : "The actions file to propose:",
          JSON.stringify(done.proposal, null, 2),
          "Propose it with:",
          `  ${command}`,
        ].join("\n"),
      );
    }
    const { PROPOSAL_EXIT_CODE } = await import("../src/ops/admin");
    process.exitCode = PROPOSAL_EXIT_CODE;
    return done;
  });
}

adminTask("rewards:revoke", "Guardian: revokes the pending root of --epoch during its challenge window")
  .addParam("epoch", "The pending epoch to revoke", undefined, types.string)
  .setAction(async (args: AdminArgs & { epoch: string }, hre) => {
    const { revokeAction } = await import("../src/ops/admin");
    const epoch = await runCommand(() => parseWholeNumber(args.epoch, "epoch", { min: 1 }));
    return runAdmin(hre, args, (rewards) => revokeAction(rewards, epoch));
  });

adminTask("rewards:pause", "Guardian: stops payments and claims").setAction(async (args: AdminArgs, hre) => {
  const { pauseAction } = await import("../src/ops/admin");
  return runAdmin(hre, args, (rewards) => pauseAction(rewards, true));
});

adminTask("rewards:unpause", "Guardian: resumes payments and claims").setAction(async (args: AdminArgs, hre) => {
  const { pauseAction } = await import("../src/ops/admin");
  return runAdmin(hre, args, (rewards) => pauseAction(rewards, false));
});

interface SharesArgs extends AdminArgs {
  protocol: string;
  agentOwner: string;
  modelOwner: string;
  dataPool: string;
}

adminTask("rewards:set-shares", "Admin: sets how a payment is split, in basis points summing to 10000")
  .addParam("protocol", "Basis points to the protocol treasury", undefined, types.string)
  .addParam("agentOwner", "Basis points to the agent's owner", undefined, types.string)
  .addParam("modelOwner", "Basis points to the model's owner", undefined, types.string)
  .addParam("dataPool", "Basis points to the data pool of the model's lineage", undefined, types.string)
  .setAction(async (args: SharesArgs, hre) => {
    const { sharesAction } = await import("../src/ops/admin");
    const shares = await runCommand(() => {
      const parsed = {
        protocol: parseBps(args.protocol, "protocol"),
        agentOwner: parseBps(args.agentOwner, "agentOwner"),
        modelOwner: parseBps(args.modelOwner, "modelOwner"),
        dataPool: parseBps(args.dataPool, "dataPool"),
      };
      const sum = parsed.protocol + parsed.agentOwner + parsed.modelOwner + parsed.dataPool;
      if (sum !== 10_000) {
        throw new CommandError(`--protocol, --agent-owner, --model-owner, --data-pool: sum to ${sum} bps, not 10000`);
      }
      return parsed;
    });
    return runAdmin(hre, args, (rewards) => sharesAction(rewards, shares));
  });

adminTask("rewards:set-window", "Admin: sets the challenge window of roots posted from now on")
  .addParam("seconds", "The window in seconds, within the contract's bounds", undefined, types.string)
  .setAction(async (args: AdminArgs & { seconds: string }, hre) => {
    const { windowAction } = await import("../src/ops/admin");
    const seconds = await runCommand(() => parseWholeNumber(args.seconds, "seconds", { min: 1 }));
    return runAdmin(hre, args, (rewards) => windowAction(rewards, seconds));
  });

adminTask("rewards:set-treasury", "Admin: sets the protocol treasury, which the protocol's share accrues to")
  .addParam("treasury", "The new treasury's address", undefined, types.string)
  .setAction(async (args: AdminArgs & { treasury: string }, hre) => {
    const { treasuryAction } = await import("../src/ops/admin");
    const treasury = await runCommand(() => parseAccount(args.treasury, "treasury"));
    return runAdmin(hre, args, () => treasuryAction(treasury));
  });
