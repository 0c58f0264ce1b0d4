import { useEffect, useState } from "react";
import type { ActivityDescriptor, ActivityNode, FlowDefinition, FlowProblem } from "../api/types";
import type { Diagnostic } from "../editor/CodeEditor";
import { setInput } from "../model/edits";
import { pointerTarget } from "../model/pointers";
import { InputEditor } from "./InputEditor";

interface Props {
  flow: FlowDefinition;
  activity: ActivityNode;
  descriptor: ActivityDescriptor | undefined;
  problems: readonly FlowProblem[];
  onChange: (next: ActivityNode, field: string) => void;
}

/** The selected activity's id, label and inputs, generated from its descriptor. */
export function PropertyPanel({ flow, activity, descriptor, problems, onChange }: Props) {
  const [id, setId] = useState(activity.id);
  useEffect(() => setId(activity.id), [activity.id]);
  const mine = problems.filter((p) => {
    const target = pointerTarget(flow, p.pointer);
    return target.kind === "node" && target.id === activity.id;
  });
  const forInput = (name: string): Diagnostic[] =>
    mine.filter((p) => (pointerTarget(flow, p.pointer) as { input?: string }).input === name);
  const general = mine.filter((p) => !(pointerTarget(flow, p.pointer) as { input?: string }).input);
  const idValid = /^[A-Za-z][A-Za-z0-9_-]*$/.test(id) && (id === activity.id || !flow.activities.some((a) => a.id === id));
  return (
    <div className="properties" data-testid="properties">
      <h3>{descriptor?.displayName ?? activity.type}</h3>
      {descriptor?.description && <p className="hint">{descriptor.description}</p>}
      {!descriptor && <p className="error-text">Unknown activity type '{activity.type}'.</p>}
      <div className="field">
        <label htmlFor="activity-id">Id</label>
        <input
          id="activity-id"
          value={id}
          onChange={(e) => setId(e.target.value)}
          onBlur={() => idValid && id !== activity.id && onChange({ ...activity, id }, "id")}
          onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
        />
        {!idValid && <div className="error-text">A letter, then letters, digits, _ or -; unique in the flow.</div>}
      </div>
      <div className="field">
        <label htmlFor="activity-label">Label</label>
        <input
          id="activity-label"
          value={activity.displayName ?? ""}
          onChange={(e) => onChange({ ...activity, displayName: e.target.value || undefined }, "displayName")}
        />
      </div>
      {general.length > 0 && (
        <ul className="diagnostics">
          {general.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {descriptor?.inputs.map((input) => (
        <InputEditor
          key={`${activity.id}/${input.name}`}
          descriptor={input}
          value={activity.inputs[input.name]}
          flow={flow}
          diagnostics={forInput(input.name)}
          onChange={(value) => onChange(setInput(activity, input.name, value), `input:${input.name}`)}
        />
      ))}
      {activity.type === "HttpTrigger" && <HookAddress activity={activity} />}
      {descriptor && descriptor.outputs.length > 0 && (
        <div className="outputs-info">
          <h4>Outputs</h4>
          {descriptor.outputs.map((o) => (
            <div key={o.name} className="mono small">
              outputs.{activity.id}.{o.name} <span className="muted">({o.type})</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Where an HTTP trigger listens once the flow is published. */
function HookAddress({ activity }: { activity: ActivityNode }) {
  const path = activity.inputs.path;
  const methods = activity.inputs.methods;
  if (!path || !("literal" in path) || typeof path.literal !== "string") return null;
  const verbs = methods && "literal" in methods && Array.isArray(methods.literal) ? methods.literal.join(", ") : "POST";
  return (
    <div className="field">
      <label>Address (once published)</label>
      <div className="mono small" data-testid="hook-address">
        {verbs} {window.location.origin}/hooks/{path.literal.replace(/^\/+/, "")}
      </div>
    </div>
  );
}
