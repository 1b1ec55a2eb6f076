// Hardhat configuration: offline solc from npm, networks from .env, and every task of the suite.
import { HardhatUserConfig, subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import "@nomicfoundation/hardhat-toolbox";
import * as dotenv from "dotenv";

import { SOLC_VERSION, testnetNetwork } from "./src/chain/config";
import "./tasks";

dotenv.config({ quiet: true });

// Serve the compiler from the pinned `solc` npm package; any other version is an error, never a download.
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }: { solcVersion: string }) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc");
  if (solcVersion !== SOLC_VERSION) {
    throw new Error(`solc ${solcVersion} requested, but only the npm package's ${SOLC_VERSION} is installed`);
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: solcVersion,
    longVersion: solc.version(),
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
    },
  },
  defaultNetwork: "hardhat",
  networks: {
    hardhat: { hardfork: "cancun" },
    // `gas: "auto"` said outright: left unset, hardhat-ethers sends to a Hardhat node or anvil with a fixed gas limit
    // and no estimate, so a refused transaction is mined as a bare "transaction execution reverted" instead of
    // failing its estimate with the contract's custom error, which the tasks decode by name.
    localhost: { url: process.env.LOCAL_RPC_URL || "http://127.0.0.1:8545", gas: "auto" },
    testnet: testnetNetwork(),
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "1",
    currency: "USD",
    offline: true,
    outputFile: process.env.CI ? "gas-report.txt" : undefined,
    noColors: !!process.env.CI,
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: { timeout: 600_000 },
};

export default config;
