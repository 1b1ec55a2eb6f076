// `simulate`: the main job. Until the economy simulation lands it deploys the suite and prints the addresses.
import { task } from "hardhat/config";

task("simulate", "Deploys the suite on the selected network and prints the addresses").setAction(async (_args, hre) => {
  await hre.run("deploy");
});
