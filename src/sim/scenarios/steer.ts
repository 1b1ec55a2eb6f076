// The steer scenario: a contributor pays for inferences and logs a copy of its own contribution as each output,
// hoping to steer the data pool to it.
import { parseEther } from "ethers";
import { inferenceId } from "../../factory/inference";
import { submit } from "../phases/contribute";
import { STAKE, makeActor, type SimState } from "../state";
import { earningsOfKind } from "./earnings";
import type { Scenario } from "./scenario";

const STEERED_PAYMENTS = 2;

export const steer: Scenario = {
  name: "steer",
  description: "a contributor logs copies of its own data as paid outputs; it must earn no more than without them",
  // The counterfactual run makes the same payments and logs nothing.
  counterfactual: true,
  async afterContribute(state) {
    const attacker = await makeActor(state, "steerer", "steer", STAKE * 5n + parseEther("1000"));
    const file = state.pools[0].pop();
    if (file) await submit(state, attacker, 0, file.text, "steer", file.name);
  },
  async beforeSettle(state, epoch) {
    const attacker = state.actors.find((a) => a.kind === "steer");
    const own = state.contributions.find((c) => c.kind === "steer" && c.outcome === "approved");
    if (!attacker || !own) return;
    const { rewards, token } = state.suite;
    const modelId = state.modelIds[0];
    await (await token.connect(attacker.signer).approve(rewards, parseEther("1000"))).wait();
    for (let i = 0; i < STEERED_PAYMENTS; i++) {
      const request = { modelId, agentId: 0n, prompt: "contract", seed: `steer:${epoch}:${i}` };
      const id = inferenceId(request, own.text);
      const [price] = await rewards.quote(modelId, 0n);
      await (await rewards.connect(attacker.signer).payInference(id, modelId, 0n, price)).wait();
      if (state.options.counterfactual) continue;
      const entry = { inferenceId: id, modelId: modelId.toString(), agentId: "0", output: own.text };
      state.log.push({ ...entry, prompt: request.prompt, seed: request.seed });
    }
  },
  outcomes: ({ state, counterfactual }) => {
    if (!counterfactual) return [];
    const earned = earningsOfKind(state, "steer");
    const honest = earningsOfKind(counterfactual, "steer");
    return [
      {
        scenario: "steer",
        attacker: "a contributor logging copies of its data as the outputs it paid for",
        earned: earned.toString(),
        imitated: "the same payments with nothing logged (measured in a second run)",
        imitatedEarned: honest.toString(),
        expectation: "no more than without the chosen outputs",
        met: earned <= honest,
        note:
          `settlement regenerates each output from the model's weights: the ${loggedCopies(state)} chosen ` +
          "outputs did not reproduce, so their payments were settled as unlogged (by bytes × quality)",
      },
    ];
  },
};

function loggedCopies(state: SimState): number {
  const own = new Set(state.contributions.filter((c) => c.kind === "steer").map((c) => c.text));
  return state.log.filter((entry) => own.has(entry.output)).length;
}
