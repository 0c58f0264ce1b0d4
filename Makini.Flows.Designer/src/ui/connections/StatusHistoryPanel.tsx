import type { StatusChange } from "../../api/connectionTypes";
import { statusLabel } from "../../model/connectionStatus";
import { RelativeTime } from "./RelativeTime";
import { StatusBadge } from "./StatusBadge";

/** Every change of status, newest first, with its reason. */
export function StatusHistoryPanel({ changes, error }: { changes: readonly StatusChange[] | null; error: string | null }) {
  return (
    <section className="card" aria-labelledby="history-title">
      <h2 id="history-title">Status history</h2>
      {error && <pre className="error-box">{error}</pre>}
      {changes === null && !error && <p className="muted">Loading…</p>}
      {changes?.length === 0 && <p className="muted">No changes yet.</p>}
      {changes && changes.length > 0 && (
        <ol className="status-history" data-testid="status-history">
          {changes.map((change, index) => (
            <li key={`${change.at}-${index}`}>
              <div>
                {change.from && <span className="muted">{statusLabel(change.from)} → </span>}
                <StatusBadge status={change.to} /> <RelativeTime at={change.at} />
              </div>
              {change.reason && <div className="muted small">{change.reason}</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
