// The scenario table: the one list the simulate task, the run, the audit and the report read.
import { challenge } from "./challenge";
import { copycat } from "./copycat";
import { frontrun } from "./frontrun";
import { flood } from "./flood";
import { griefing } from "./griefing";
import { honest } from "./honest";
import { inflate } from "./inflate";
import type { Scenario } from "./scenario";
import { spam } from "./spam";
import { steer } from "./steer";
import { sybil } from "./sybil";
import { sybilFeedback } from "./sybilFeedback";

export type { OutcomeContext, Scenario } from "./scenario";

/** Every scenario, in the order `--scenario` lists them. A new scenario is one module here and its test. */
export const SCENARIOS: readonly Scenario[] = [
  honest,
  spam,
  copycat,
  sybil,
  griefing,
  frontrun,
  inflate,
  steer,
  flood,
  challenge,
  sybilFeedback,
];

export const SCENARIO_NAMES: readonly string[] = SCENARIOS.map((s) => s.name);

/** The scenario called `name`; an unknown name is an error listing the known ones. */
export function scenarioNamed(name: string): Scenario {
  const found = SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`unknown scenario "${name}": one of ${SCENARIO_NAMES.join(", ")}`);
  return found;
}
