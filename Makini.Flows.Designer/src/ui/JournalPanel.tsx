import { useState } from "react";
import type { JournalEntry } from "../api/types";
import { errorText } from "../model/runState";

interface Props {
  entries: readonly JournalEntry[];
  activityId: string | null;
}

function Json({ value }: { value: unknown }) {
  return <pre className="json">{JSON.stringify(value, null, 2)}</pre>;
}

/** What each activity of a run did: inputs, outputs, outcome, error and duration. */
export function JournalPanel({ entries, activityId }: Props) {
  const [open, setOpen] = useState<number | null>(null);
  const shown = activityId ? entries.filter((e) => e.activityId === activityId) : entries;
  return (
    <div className="journal" data-testid="journal">
      <div className="panel-title">Journal{activityId ? ` of ${activityId}` : ""}</div>
      {shown.length === 0 && <p className="muted">No journal entries{activityId ? " for this activity" : ""}.</p>}
      <ul>
        {shown.map((e) => (
          <li key={e.sequence} className={e.error ? "faulted" : ""} data-testid={`journal-${e.activityId}`}>
            <div className="journal-head" onClick={() => setOpen(open === e.sequence ? null : e.sequence)}>
              #{e.sequence} <strong>{e.activityId}</strong> <span className="muted">{e.activityType}</span>
              {e.iteration ? <span className="muted"> [{e.iteration}]</span> : null}
              {e.durationMs != null && <span className="muted"> {e.durationMs.toFixed(1)} ms</span>}
              {e.outcomes && e.outcomes.length > 0 && <span> → {e.outcomes.join(", ")}</span>}
              {e.error ? <span className="error-text"> {errorText(e.error)}</span> : null}
            </div>
            {(open === e.sequence || activityId) && (
              <div className="journal-body">
                <div>Inputs</div>
                <Json value={e.inputs ?? null} />
                <div>Outputs</div>
                <Json value={e.outputs ?? null} />
                {e.error ? (
                  <>
                    <div>Error</div>
                    <Json value={e.error} />
                  </>
                ) : null}
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
