// What every phase of a run is: a step over the simulation state (which names the scenario), told how to report progress.
import type { Progress, SimState } from "../state";

export interface PhaseContext {
  progress: Progress;
}

export type Phase = (state: SimState, context: PhaseContext) => Promise<void>;
