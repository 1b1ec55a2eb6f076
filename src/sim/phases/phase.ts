// What every phase of a run is: a step over the simulation state, told how to report progress and which scenario runs.
import type { Scenario } from "../scenarios/scenario";
import type { Progress, SimState } from "../state";

export interface PhaseContext {
  progress: Progress;
  scenario: Scenario;
}

export type Phase = (state: SimState, context: PhaseContext) => Promise<void>;
