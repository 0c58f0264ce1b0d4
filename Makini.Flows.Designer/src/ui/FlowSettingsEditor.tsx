import type { DataType, FlowDefinition, ParameterDefinition, VariableDefinition } from "../api/types";

const TYPES: DataType[] = ["any", "string", "number", "integer", "boolean", "object", "array"];

interface Props {
  flow: FlowDefinition;
  onChange: (next: FlowDefinition, field: string) => void;
}

function TypeSelect({ value, onChange, label }: { value: DataType | undefined; onChange: (t: DataType) => void; label: string }) {
  return (
    <select aria-label={label} value={value ?? "any"} onChange={(e) => onChange(e.target.value as DataType)}>
      {TYPES.map((t) => (
        <option key={t}>{t}</option>
      ))}
    </select>
  );
}

function parseDefault(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The flow's name, description, variables, inputs, outputs and run settings. */
export function FlowSettingsEditor({ flow, onChange }: Props) {
  const setVariables = (variables: VariableDefinition[]) => onChange({ ...flow, variables }, "variables");
  const setParams = (key: "inputs" | "outputs", list: ParameterDefinition[]) => onChange({ ...flow, [key]: list }, key);
  return (
    <div className="flow-settings" data-testid="flow-settings">
      <div className="field">
        <label htmlFor="flow-name">Name</label>
        <input id="flow-name" value={flow.name} onChange={(e) => onChange({ ...flow, name: e.target.value }, "name")} />
      </div>
      <div className="field">
        <label htmlFor="flow-description">Description</label>
        <textarea
          id="flow-description"
          rows={2}
          value={flow.description ?? ""}
          onChange={(e) => onChange({ ...flow, description: e.target.value || undefined }, "description")}
        />
      </div>
      <h4>Variables</h4>
      {flow.variables.map((v, i) => (
        <div key={i} className="row" data-testid={`variable-${i}`}>
          <input aria-label="Variable name" value={v.name} onChange={(e) => setVariables(flow.variables.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
          <TypeSelect label="Variable type" value={v.type} onChange={(type) => setVariables(flow.variables.map((x, j) => (j === i ? { ...x, type } : x)))} />
          <input
            aria-label="Default (JSON)"
            placeholder="default (JSON)"
            defaultValue={v.default === undefined ? "" : JSON.stringify(v.default)}
            onBlur={(e) => setVariables(flow.variables.map((x, j) => (j === i ? { ...x, default: parseDefault(e.target.value) } : x)))}
          />
          <button title="Remove" onClick={() => setVariables(flow.variables.filter((_, j) => j !== i))}>
            ×
          </button>
        </div>
      ))}
      <button onClick={() => setVariables([...flow.variables, { name: `var${flow.variables.length + 1}`, type: "any" }])}>Add variable</button>
      {(["inputs", "outputs"] as const).map((key) => (
        <div key={key}>
          <h4>{key === "inputs" ? "Inputs" : "Outputs"}</h4>
          {flow[key].map((p, i) => (
            <div key={i} className="row" data-testid={`${key}-${i}`}>
              <input aria-label="Name" value={p.name} onChange={(e) => setParams(key, flow[key].map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
              <TypeSelect label="Type" value={p.type} onChange={(type) => setParams(key, flow[key].map((x, j) => (j === i ? { ...x, type } : x)))} />
              <label className="inline">
                <input type="checkbox" checked={!!p.required} onChange={(e) => setParams(key, flow[key].map((x, j) => (j === i ? { ...x, required: e.target.checked } : x)))} />
                required
              </label>
              <button title="Remove" onClick={() => setParams(key, flow[key].filter((_, j) => j !== i))}>
                ×
              </button>
            </div>
          ))}
          <button onClick={() => setParams(key, [...flow[key], { name: `${key === "inputs" ? "in" : "out"}${flow[key].length + 1}`, type: "any", required: false }])}>
            Add {key === "inputs" ? "input" : "output"}
          </button>
        </div>
      ))}
      <h4>Runs</h4>
      <div className="row">
        <label className="inline">
          Journal
          <select
            value={flow.settings?.journal ?? "all"}
            onChange={(e) => onChange({ ...flow, settings: { ...flow.settings, journal: e.target.value as "all" | "errors" | "none" } }, "settings")}
          >
            <option value="all">all</option>
            <option value="errors">errors</option>
            <option value="none">none</option>
          </select>
        </label>
        <label className="inline" title="What a completed run keeps: everything, or only its status and times">
          Completed runs keep
          <select
            value={flow.settings?.completedRuns ?? "full"}
            onChange={(e) =>
              onChange(
                { ...flow, settings: { ...flow.settings, completedRuns: e.target.value === "full" ? undefined : (e.target.value as "summary") } },
                "settings",
              )
            }
          >
            <option value="full">everything</option>
            <option value="summary">a summary</option>
          </select>
        </label>
        <label className="inline">
          Keep days
          <input
            type="number"
            min={0}
            value={flow.settings?.retainRunsDays ?? ""}
            onChange={(e) =>
              onChange({ ...flow, settings: { ...flow.settings, retainRunsDays: e.target.value === "" ? undefined : Number(e.target.value) } }, "settings")
            }
          />
        </label>
      </div>
    </div>
  );
}
