// `deploy`: deploys the suite with the Ignition module and prints each contract's address.
import { task, types } from "hardhat/config";
import { optional, parseAccount, parseDeploymentId } from "../src/cli/args";
import { announceNetwork } from "../src/cli/banner";
import { runCommand } from "../src/cli/errors";
import { ensureCompiled } from "./compiled";

interface DeployArgs {
  treasury?: string;
  admin?: string;
  attributor?: string;
  guardian?: string;
  acceptSharedKeys: boolean;
  parameters?: string;
  deploymentId?: string;
  json: boolean;
}

task("deploy", "Deploys the OpenLedger suite with its Ignition module and prints the addresses")
  .addOptionalParam(
    "treasury",
    "Treasury address (receives the OPEN supply and protocol fees)",
    undefined,
    types.string,
  )
  .addOptionalParam(
    "admin",
    "Admin address: holds the economic admin roles beside the timelock on a local chain; on other networks the timelock alone holds them",
    undefined,
    types.string,
  )
  .addOptionalParam("attributor", "Attributor address (posts reward roots)", undefined, types.string)
  .addOptionalParam("guardian", "Guardian address (revokes pending roots, pauses)", undefined, types.string)
  .addFlag("acceptSharedKeys", "Deploy beyond a local chain although the attributor is also the guardian or the admin")
  .addOptionalParam("parameters", "Ignition parameter file (JSON)", undefined, types.inputFile)
  .addOptionalParam("deploymentId", "Ignition deployment id", undefined, types.string)
  .addFlag("json", "Print the addresses as one JSON document")
  .setAction(async (args: DeployArgs, hre) =>
    runCommand(async () => {
      const options = {
        treasury: optional(args.treasury, "treasury", parseAccount),
        admin: optional(args.admin, "admin", parseAccount),
        attributor: optional(args.attributor, "attributor", parseAccount),
        guardian: optional(args.guardian, "guardian", parseAccount),
        acceptSharedKeys: args.acceptSharedKeys,
        parametersFile: args.parameters,
        deploymentId: optional(args.deploymentId, "deploymentId", parseDeploymentId),
      };
      await announceNetwork(hre);
      await ensureCompiled(hre);
      const { deploySuite, suiteAddresses } = await import("../src/chain/deploy");
      const suite = await deploySuite(hre, options);
      const addresses = await suiteAddresses(suite);
      if (args.json) {
        console.log(JSON.stringify({ network: hre.network.name, addresses }, null, 2));
      } else {
        console.log(`OpenLedger suite on network "${hre.network.name}":`);
        for (const [name, address] of Object.entries(addresses)) console.log(`  ${name.padEnd(20)} ${address}`);
      }
      return addresses;
    }),
  );
