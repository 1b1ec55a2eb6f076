// Agent stakes and complaints: `agent:stake`, `agent:unstake`, `agent:complain`, `agent:complaints`,
// `agent:expire-complaint`, `agent:complaint-resolution`. Thin: every argument is parsed (src/cli/args) before
// anything connects, then src/ops does the work; printing is shared with the challenge tasks.
import { task, types } from "hardhat/config";
import { optional, parseChoice, parseFile, parseHash, parseId, parsePositiveOpen, parseUri } from "../src/cli/args";
import { CommandError, argumentError, readingArgument, runCommand as run } from "../src/cli/errors";
import { date, open, print, reading, sending, type Json } from "./challenges";

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
        `Staked ${open(hre, s.amount)} for agent ${s.agentId}: ${open(hre, s.active)} active, ` +
          `${open(hre, s.unstaking)} unstaking`,
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
      if ((args.amount === undefined) === !args.complete) {
        throw argumentError("amount", "give either --amount OPEN (a request) or --complete");
      }
      const amount = optional(args.amount, "amount", (t, n) => parsePositiveOpen(t, n, "an unstake"));
      const { chainContext } = await import("../src/cli/context");
      const { completeAgentUnstake, requestAgentUnstake } = await import("../src/ops/agentStakes");
      const { suite, signer } = await chainContext(hre, args);
      const done =
        amount === undefined
          ? await completeAgentUnstake(suite.agentStakes, signer, agentId)
          : await requestAgentUnstake(suite.agentStakes, signer, agentId, amount);
      return print(args, done, (s) =>
        amount === undefined
          ? [`Took back ${open(hre, s.amount)} of agent ${agentId}; ${open(hre, s.active)} stays active`]
          : [`Requested ${open(hre, s.amount)} back; ${open(hre, s.unstaking)} may be taken from ${date(s.unlockAt)}`],
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
  .setAction(
    async (
      args: Json & { agent: string; model: string; inference: string; evidence: string; bond?: string; uri?: string },
      hre,
    ) =>
      run(async () => {
        const { readFile } = await import("node:fs/promises");
        const agentId = parseId(args.agent, "agent");
        const modelId = parseId(args.model, "model");
        const inferenceId = parseHash(args.inference, "inference");
        const bond = optional(args.bond, "bond", (t, n) => parsePositiveOpen(t, n, "a complaint bond"));
        const uri = optional(args.uri, "uri", parseUri);
        const evidence = await readingArgument("evidence", () => readFile(parseFile(args.evidence, "evidence")));
        if (evidence.length === 0) throw argumentError("evidence", `${args.evidence} is empty`);
        const { ContentStore, defaultStorePath } = await import("../src/store/ContentStore");
        const { chainContext } = await import("../src/cli/context");
        const { complain } = await import("../src/ops/agentStakes");
        const { suite, signer } = await chainContext(hre, args);
        const store = new ContentStore(args.store ?? defaultStorePath());
        const request = { agentId, modelId, inferenceId, evidence, uri, bond, store };
        const done = await complain(suite.agentStakes, suite.token, signer, request);
        return print(args, done, (c) => [
          `Complaint ${c.complaintId} against agent ${c.agentId}: ${open(hre, c.bond)} locked`,
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
                `complaint ${c.id} against agent ${c.agentId}: ${c.status}, bond ${open(hre, c.bond)} by ` +
                `${c.complainant}` +
                (c.status === "Open" ? `, resolvable until ${c.deadline}` : "") +
                `, evidence ${c.evidenceURI}`,
            ),
      );
    }),
  );

sending(task("agent:expire-complaint", "Closes a complaint nobody resolved in time: the bond back to the complainant"))
  .addParam("id", "Complaint id", undefined, types.string)
  .setAction(async (args: Json & { id: string }, hre) =>
    run(async () => {
      const id = parseId(args.id, "id");
      const { chainContext } = await import("../src/cli/context");
      const { mined } = await import("../src/ops/result");
      const { suite, signer } = await chainContext(hre, args);
      const receipt = await mined(suite.agentStakes.connect(signer).expireComplaint(id));
      return print(args, { id, transactions: [receipt] }, () => [
        `Complaint ${id} expired in transaction ${receipt.hash}: its bond is owed back to the complainant`,
      ]);
    }),
  );

reading(task("agent:complaint-resolution", "Writes the proposal file that upholds or dismisses a complaint"))
  .addParam("id", "Complaint id", undefined, types.string)
  .addParam("outcome", "uphold or dismiss", undefined, types.string)
  .addParam("out", "The proposal file to write", undefined, types.string)
  .setAction(async (args: Json & { id: string; outcome: string; out: string }, hre) =>
    run(async () => {
      const id = parseId(args.id, "id");
      const outcome = parseChoice(args.outcome, "outcome", ["uphold", "dismiss"] as const);
      if (args.out.trim() === "") throw argumentError("out", "give a file to write");
      const { writeFile } = await import("node:fs/promises");
      const { suiteContext } = await import("../src/cli/context");
      const { complaintResolutionDescription, complaintResolutionFile } = await import("../src/gov/resolution");
      const c = await (await suiteContext(hre, args)).agentStakes.getComplaint(id);
      if (c.status !== 1n) throw new CommandError(`complaint ${id} is not open`);
      await writeFile(args.out, complaintResolutionFile(id, outcome));
      const description = complaintResolutionDescription(id, outcome, c.agentId, c.evidenceURI);
      return print(args, { file: args.out, description, deadline: date(c.deadline) }, (r) => [
        `Wrote ${r.file}; the proposal must be executed before ${r.deadline}, or the complaint can only expire:`,
        `  npx hardhat gov:propose --actions ${r.file} --description "${r.description}"`,
      ]);
    }),
  );
