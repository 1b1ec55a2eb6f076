// Thin entry point: `npx hardhat run scripts/deploy.ts --network <name>` deploys the suite and prints its addresses.
import hre from "hardhat";
import { deploySuite, suiteAddresses } from "../src/chain/deploy";

async function main() {
  // Every role and the supply go to the first account; `npx hardhat deploy --parameters FILE` chooses others.
  const suite = await deploySuite(hre);
  const addresses = await suiteAddresses(suite);
  console.log(JSON.stringify({ network: hre.network.name, addresses }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
