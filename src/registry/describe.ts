// How `model:show` and `agent:show` print a record: a two-column table (their `--json` is src/read/json's).
import { formatDate, formatOpen as open } from "../read/json";

/** A model as `model:show` prints it. */
export interface ModelView {
  id: bigint;
  owner: string;
  baseModelId: bigint;
  supersedes: bigint;
  weightsHash: string;
  feePerInference: bigint;
  active: boolean;
  registeredAt: bigint;
  metadataURI: string;
  lineage: { datanetId: bigint; version: bigint; weightBps: bigint }[];
  adapterCount: bigint;
}

/** An agent as `agent:show` prints it. */
export interface AgentView {
  id: bigint;
  owner: string;
  feePerTask: bigint;
  active: boolean;
  registeredAt: bigint;
  metadataURI: string;
  models: bigint[];
}

function table(title: string, rows: [string, string | string[]][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [title];
  for (const [label, value] of rows) {
    const values = Array.isArray(value) ? (value.length > 0 ? value : ["none"]) : [value];
    values.forEach((line, index) => lines.push(`  ${(index === 0 ? label : "").padEnd(width)}  ${line}`));
  }
  return lines.join("\n");
}

function timestamp(seconds: bigint): string {
  return `${formatDate(seconds)} (${seconds})`;
}

/** A model as a two-column table. */
export function formatModel(model: ModelView): string {
  return table(`Model ${model.id}`, [
    ["owner", model.owner],
    ["kind", model.baseModelId === 0n ? "base model" : `LoRA adapter on model ${model.baseModelId}`],
    ["supersedes", model.supersedes === 0n ? "none" : `model ${model.supersedes}`],
    ["weights hash", model.weightsHash],
    ["fee per inference", open(model.feePerInference)],
    ["active", model.active ? "yes" : "no"],
    ["registered at", timestamp(model.registeredAt)],
    ["metadata URI", model.metadataURI],
    ["adapters", model.adapterCount.toString()],
    [
      "lineage",
      model.lineage.map(
        ({ datanetId, version, weightBps }) =>
          `datanet ${datanetId} v${version}  ${(Number(weightBps) / 100).toFixed(2).padStart(6)}%`,
      ),
    ],
  ]);
}

/** An agent as a two-column table. */
export function formatAgent(agent: AgentView): string {
  return table(`Agent ${agent.id}`, [
    ["owner", agent.owner],
    ["fee per task", open(agent.feePerTask)],
    ["active", agent.active ? "yes" : "no"],
    ["registered at", timestamp(agent.registeredAt)],
    ["metadata URI", agent.metadataURI],
    ["models", agent.models.map((id) => `model ${id}`)],
  ]);
}
