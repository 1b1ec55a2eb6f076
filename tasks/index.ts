// Registers every Hardhat task of the suite; hardhat.config.ts imports this file once.
import { extendEnvironment } from "hardhat/config";
import { HardhatPluginError } from "hardhat/plugins";
import { assertNetworkEnv } from "../src/chain/config";

import "./deploy";
import "./simulate";

// Any command on a network that needs `.env` variables stops here, naming the ones that are missing.
extendEnvironment((hre) => {
  try {
    assertNetworkEnv(hre.network.name);
  } catch (error) {
    throw new HardhatPluginError("openledger", (error as Error).message);
  }
});
import "./registry";
import "./attribution";
import "./bench";
import "./ops";
import "./gov";
import "./benchSettlement";
import "./token";
import "./show";
import "./fidelity";
import "./status";
import "./payout";
import "./guardian";
import "./challenges";
import "./feedback";
import "./agentStakes";
