// The simulation: deploys the suite and runs a whole reward economy through it, phase by phase.
import { mkdir, mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { deploySuite } from "../chain/deploy";
import { ContentStore } from "../store/ContentStore";
import { seededRandom } from "./corpus";
import { contribute } from "./phases/contribute";
import { curate, publish, submitLate } from "./phases/curate";
import { setUpDatanets } from "./phases/datanets";
import { advanceClock, runEpochs } from "./phases/epoch";
import { govern } from "./phases/govern";
import type { Phase } from "./phases/phase";
import { registerAgents, train } from "./phases/train";
import { withdraw } from "./phases/withdraw";
import { scenarioNamed } from "./scenarios";
import type { Progress, SimOptions, SimState } from "./state";

/** The run, in order; the scenario's hooks run inside it (see Scenario). */
const PHASES: readonly Phase[] = [
  govern,
  setUpDatanets,
  contribute,
  async (state) => state.scenario.afterContribute?.(state),
  curate,
  publish,
  submitLate,
  train,
  registerAgents,
  async (state) => state.scenario.afterRegister?.(state),
  runEpochs,
  withdraw,
];

export async function runSimulation(
  hre: HardhatRuntimeEnvironment,
  options: SimOptions,
  progress: Progress,
): Promise<SimState> {
  const state = await newState(hre, options);
  for (const phase of PHASES) await phase(state, { progress });
  return state;
}

/** A fresh deployment, with its Governor and timelock (and the scenario's minimum stake), and an empty state over it. */
async function newState(hre: HardhatRuntimeEnvironment, options: SimOptions): Promise<SimState> {
  const scenario = scenarioNamed(options.scenario);
  const [deployer] = await hre.ethers.getSigners();
  const workDir = options.workDir
    ? await mkdir(options.workDir, { recursive: true }).then(() => mkdtemp(path.join(options.workDir!, "run-")))
    : await mkdtemp(path.join(os.tmpdir(), "openledger-sim-"));
  // Fail before spending anything on a chain whose clock cannot be moved (a public testnet).
  await advanceClock(hre, 0);
  const { minAttributorStake } = scenario;
  const suite = await deploySuite(hre, {
    deploymentId: `simulation-${Date.now()}`,
    challenges: minAttributorStake === undefined ? {} : { minAttributorStake },
  });
  return {
    options,
    scenario,
    hre,
    suite,
    deployer,
    attributor: deployer,
    random: {
      corpus: seededRandom(`${options.seed}:corpus`),
      attack: seededRandom(`${options.seed}:attack`),
      prompts: seededRandom(`${options.seed}:prompts`),
    },
    workDir,
    modelsDir: path.join(workDir, "models"),
    store: new ContentStore(path.join(workDir, "store")),
    sources: [],
    pools: [],
    actors: [],
    honest: [],
    builders: [],
    users: [],
    datanetIds: [],
    pending: [],
    contributions: [],
    versions: [],
    modelIds: [],
    agentIds: [],
    log: [],
    proofs: [],
    epochs: [],
    gas: new Map(),
    attempts: [],
    proposals: [],
  };
}
