// The honest scenario: nobody attacks; the run is the reward economy alone.
import type { Scenario } from "./scenario";

export const honest: Scenario = {
  name: "honest",
  description: "no attacker: the reward economy alone",
};
