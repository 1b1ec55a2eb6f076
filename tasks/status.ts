// `status`: one self-contained HTML page (or JSON) of a deployment's state. Thin: parses, reads, renders, writes.
import { task, types } from "hardhat/config";
import { optional, parseDirectory, parseOutputFile } from "../src/cli/args";
import { CommandError, runCommand } from "../src/cli/errors";
import { withCommonOptions, type CommonArgs } from "../src/cli/options";

type StatusArgs = CommonArgs & { html?: string; json: boolean; proofs?: string };

withCommonOptions(task("status", "Writes a status page of the deployment: datanets, models, agents, epochs, earners"), [
  "deploymentId",
])
  .addOptionalParam("html", "Where to write the page (an .html file)", undefined, types.string)
  .addOptionalParam(
    "proofs",
    "Folder of proofs files (default the attributor's settlements folder)",
    undefined,
    types.string,
  )
  .addFlag("json", "Print the snapshot the page is drawn from as JSON")
  .setAction(async (args: StatusArgs, hre) =>
    runCommand(async () => {
      const html = optional(args.html, "html", parseOutputFile);
      const proofs = optional(args.proofs, "proofs", (text, name) => parseDirectory(text, name, { mustExist: true }));
      if (html === undefined && !args.json) throw new CommandError("give --html FILE, --json, or both");
      const { suiteContext } = await import("../src/cli/context");
      const { readStatus } = await import("../src/status/snapshot");
      const snapshot = await readStatus(await suiteContext(hre, args), hre.network.name, { proofs });
      if (html !== undefined) {
        const { writeStatusPage } = await import("../src/status/html");
        await writeStatusPage(html, snapshot);
        if (!args.json) {
          const pending = snapshot.epochs.find((e) => e.state === "pending");
          console.log(
            `Wrote ${html}: ${snapshot.datanets.length} datanets, ${snapshot.models.length} models, ` +
              `${snapshot.agents.length} agents, ${snapshot.epochs.length} epochs` +
              (pending ? ` (epoch ${pending.epoch} pending until ${pending.claimableAt})` : "") +
              `, ${snapshot.earners.length} earners`,
          );
        }
      }
      if (args.json) console.log((await import("../src/read/json")).toJson(snapshot));
      return snapshot;
    }),
  );
