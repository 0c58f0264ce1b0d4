import { useState } from "react";
import type { FlowDefinition, RunSummary } from "../api/types";
import type { RunView } from "./useRuns";

interface Props {
  flow: FlowDefinition;
  publishedVersion: number | null | undefined;
  dirty: boolean;
  runs: readonly RunSummary[];
  view: RunView | null;
  error: string | null;
  live: boolean;
  onStart: (inputJson: string) => void;
  onInspect: (runId: string) => void;
  onRetry: (runId: string) => void;
  onClear: () => void;
}

function skeleton(flow: FlowDefinition): string {
  const input: Record<string, unknown> = {};
  for (const p of flow.inputs)
    input[p.name] = p.type === "number" || p.type === "integer" ? 0 : p.type === "boolean" ? false : p.type === "array" ? [] : p.type === "object" ? {} : "";
  return JSON.stringify(input, null, 2);
}

/** Run the published flow with a JSON input, the flow's runs, and the run shown on the canvas. */
export function RunPanel(props: Props) {
  const { flow, view } = props;
  const [input, setInput] = useState(() => skeleton(flow));
  const [inputError, setInputError] = useState<string | null>(null);
  const run = () => {
    try {
      JSON.parse(input);
    } catch (e) {
      setInputError(`The input is not JSON: ${(e as Error).message}`);
      return;
    }
    setInputError(null);
    props.onStart(input);
  };
  return (
    <div className="run-panel" data-testid="run-panel">
      <div className="field">
        <label htmlFor="run-input">Input (JSON)</label>
        <textarea id="run-input" className="mono" rows={5} value={input} onChange={(e) => setInput(e.target.value)} />
      </div>
      {inputError && <div className="error-text">{inputError}</div>}
      <div className="row">
        <button className="primary" onClick={run} disabled={!props.publishedVersion} data-testid="run-start">
          Run v{props.publishedVersion ?? "–"}
        </button>
        <span className="muted small" data-testid="live" data-live={props.live}>
          {props.live ? "live events connected" : "live events off"}
        </span>
      </div>
      {!props.publishedVersion && <p className="muted">Publish the flow to run it.</p>}
      {props.publishedVersion && props.dirty && <p className="muted">Runs use published v{props.publishedVersion}, not the unsaved draft.</p>}
      {props.error && <pre className="error-box">{props.error}</pre>}
      {view && (
        <div className="run-current" data-testid="run-current" data-status={view.status}>
          <div>
            Run <span className="mono">{view.runId.slice(0, 8)}</span>: <strong data-testid="run-status">{view.status}</strong>{" "}
            <button onClick={props.onClear}>Hide</button>{" "}
            {view.status === "Faulted" && (
              <button onClick={() => props.onRetry(view.runId)} data-testid="run-retry">
                Retry
              </button>
            )}
          </div>
          {view.details?.error && <div className="error-text">{view.details.error.message}</div>}
          {view.details?.output !== undefined && view.details.output !== null && (
            <>
              <div>Output</div>
              <pre className="json" data-testid="run-output">
                {JSON.stringify(view.details.output, null, 2)}
              </pre>
            </>
          )}
        </div>
      )}
      <h4>Runs</h4>
      <ul className="runs" data-testid="runs">
        {props.runs.map((r) => (
          <li
            key={r.id}
            className={`run-item ${r.status.toLowerCase()} ${view?.runId === r.id ? "active" : ""}`}
            data-testid="run-item"
            onClick={() => props.onInspect(r.id)}
          >
            <span className="mono">{r.id.slice(0, 8)}</span> v{r.flowVersion} <strong>{r.status}</strong>{" "}
            <span className="muted small">{new Date(r.createdAt).toLocaleTimeString()}</span>
            {r.error && <div className="error-text small">{r.error}</div>}
          </li>
        ))}
        {props.runs.length === 0 && <li className="muted">No runs yet.</li>}
      </ul>
    </div>
  );
}
