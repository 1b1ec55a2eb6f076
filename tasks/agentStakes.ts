// Agent stakes and complaints: `agent:stake`, `agent:unstake`, `agent:complain`, `agent:complaints`,
// `agent:expire-complaint`, `agent:complaint-resolution`. Thin: every argument is parsed (src/cli/args) before
// anything connects, then src/ops does the work; what they share with the challenge tasks is in ./cases.
import { task, types } from "hardhat/config";
import { optional, parseHash, parseId, parsePositiveOpen } from "../src/cli/args";
import { runCommand as run } from "../src/cli/errors";
import { print, reading, sending, type JsonArgs as Json } from "../src/cli/output";
import { formatDate as date, formatOpen as open } from "../src/read/json";
import { expireTask, filingEvidence, resolutionTask, unstakeAmount, type EvidenceArgs } from "./cases";

sending(task("agent:stake", "Locks OPEN for an agent the sender owns (approving AgentStakes if needed)"))
  .addParam("agent", "Agent id", undefined, types.string)
  .addParam("amount", "OPEN to stake, a decimal such as 2.5", undefined, types.string)
  .setAction(async (args: Json & { agent: string; amount: string }, hre) =>
    run(async () => {
      const agentId = parseId(args.agent, "agent");
      const amount = parsePositiveOpen(args.amount, "amount", "a stake");
      const { chainContext } = await import("../src/cli/context");
      const { stakeAgent } = await import("../src/ops/agentStakes");
      const { suite, signer } = await chainContext(hre, args);
      const done = await stakeAgent(suite.agentStakes, suite.token, signer, agentId, amount);
      return print(args, done, (s) => [
        `Staked ${open(s.amount)} for agent ${s.agentId}: ${open(s.active)} active, ` +
          `${open(s.unstaking)} unstaking`,
      ]);
    }),
  );

sending(task("agent:unstake", "Requests part of an agent's stake back (--amount), or takes it after the delay"))
  .addParam("agent", "Agent id", undefined, types.string)
  .addOptionalParam("amount", "OPEN to request back", undefined, types.string)
  .addFlag("complete", "Take back what was requested, once its delay has passed")
  .setAction(async (args: Json & { agent: string; amount?: string; complete: boolean }, hre) =>
    run(async () => {
      const agentId = parseId(args.agent, "agent");
      const amount = unstakeAmount(args);
      const { chainContext } = await import("../src/cli/context");
      const { completeAgentUnstake, requestAgentUnstake } = await import("../src/ops/agentStakes");
      const { suite, signer } = await chainContext(hre, args);
      const done =
        amount === undefined
          ? await completeAgentUnstake(suite.agentStakes, signer, agentId)
          : await requestAgentUnstake(suite.agentStakes, signer, agentId, amount);
      return print(args, done, (s) =>
        amount === undefined
          ? [`Took back ${open(s.amount)} of agent ${agentId}; ${open(s.active)} stays active`]
          : [`Requested ${open(s.amount)} back; ${open(s.unstaking)} may be taken from ${date(s.unlockAt)}`],
      );
    }),
  );

sending(task("agent:complain", "Complains with a bond about an inference the sender paid through an agent"), [
  "deploymentId",
  "store",
  "from",
])
  .addParam("agent", "Agent id", undefined, types.string)
  .addParam("model", "Model id the inference was paid for", undefined, types.string)
  .addParam("inference", "The paid inference id (0x and 64 hex digits)", undefined, types.string)
  .addParam("evidence", "The evidence file: the output and what the agent promised", undefined, types.string)
  .addOptionalParam("bond", "OPEN to lock (default the contract's complaint bond)", undefined, types.string)
  .addOptionalParam("uri", "Where the evidence is published (default: put in the store, named by hash)")
  .setAction(async (args: Json & EvidenceArgs & { agent: string; model: string; inference: string }, hre) =>
    run(async () => {
      const agentId = parseId(args.agent, "agent");
      const modelId = parseId(args.model, "model");
      const inferenceId = parseHash(args.inference, "inference");
      const { evidence, bond, uri, store } = await filingEvidence(args, "a complaint bond");
      const { chainContext } = await import("../src/cli/context");
      const { complain } = await import("../src/ops/agentStakes");
      const { suite, signer } = await chainContext(hre, args);
      const request = { agentId, modelId, inferenceId, evidence, uri, bond, store };
      const done = await complain(suite.agentStakes, suite.token, signer, request);
      return print(args, done, (c) => [
        `Complaint ${c.complaintId} against agent ${c.agentId}: ${open(c.bond)} locked`,
        `  evidence ${c.evidenceHash} at ${c.evidenceURI}`,
        `  governance may resolve it until ${date(c.deadline)}; anyone may expire it from then`,
      ]);
    }),
  );

reading(task("agent:complaints", "Lists the complaints against agents with their status"))
  .addOptionalParam("agent", "Only the complaints against this agent", undefined, types.string)
  .setAction(async (args: Json & { agent?: string }, hre) =>
    run(async () => {
      const agentId = optional(args.agent, "agent", parseId);
      const { suiteContext } = await import("../src/cli/context");
      const { readComplaints } = await import("../src/ops/agentStakes");
      const complaints = await readComplaints((await suiteContext(hre, args)).agentStakes, agentId);
      return print(args, complaints, (list) =>
        list.length === 0
          ? ["No complaints"]
          : list.map(
              (c) =>
                `complaint ${c.id} against agent ${c.agentId}: ${c.status}, bond ${open(c.bond)} by ` +
                `${c.complainant}` +
                (c.status === "Open" ? `, resolvable until ${c.deadline}` : "") +
                `, evidence ${c.evidenceURI}`,
            ),
      );
    }),
  );

expireTask(
  "agent:expire-complaint",
  "Closes a complaint nobody resolved in time: the bond back to the complainant",
  "complaint",
  (suite, signer, id) => suite.agentStakes.connect(signer).expireComplaint(id),
  "its bond is owed back to the complainant",
);

resolutionTask(
  "agent:complaint-resolution",
  "Writes the proposal file that upholds or dismisses a complaint",
  "complaint",
  async (suite, id) => {
    const { readComplaint } = await import("../src/ops/agentStakes");
    const complaint = await readComplaint(suite.agentStakes, id);
    return { ...complaint, about: complaint.agentId };
  },
);
