import { useState } from "react";
import type { Connection } from "../../api/connectionTypes";
import { describeError } from "../../api/problem";
import type { SyncView } from "../../api/syncTypes";
import { shownRun, syncInProgress, unresolvedError } from "../../model/syncPolling";
import { intervalText, modeLabel, schedulePause } from "../../model/syncText";
import { RelativeTime } from "./RelativeTime";
import { SyncStateBadge } from "./SyncBadges";
import { SyncCountsTable } from "./SyncCountsTable";
import { SyncErrorLine } from "./SyncErrorLine";
import { SyncProgress } from "./SyncProgress";

interface Props {
  connection: Connection;
  view: SyncView | null;
  error: string | null;
  onRequest: (full: boolean) => Promise<SyncView>;
}

type Message = { kind: "error" | "info"; text: string };

const FULL_RESYNC_WARNING =
  "Run a full resync? It reads every record again, which takes longer than a normal sync, and marks the records " +
  "the system no longer has as deleted.";

/** Where the connection's sync stands: state, schedule, last success and error, progress, counts, and syncs on demand. */
export function SyncPanel({ connection, view, error, onRequest }: Props) {
  const [asking, setAsking] = useState<"sync" | "full" | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const disabled = connection.status === "disabled";

  const ask = async (full: boolean) => {
    if (full && !window.confirm(FULL_RESYNC_WARNING)) return;
    const running = view?.state === "running";
    setAsking(full ? "full" : "sync");
    setMessage(null);
    try {
      await onRequest(full);
      if (running) setMessage({ kind: "info", text: `${full ? "Full resync" : "Sync"} asked for: it starts when the one under way ends.` });
    } catch (e) {
      setMessage({ kind: "error", text: describeError(e) });
    } finally {
      setAsking(null);
    }
  };

  const lastError = view ? unresolvedError(view) : null;
  const shown = view ? shownRun(view) : null;
  const pause = schedulePause(connection.status);
  return (
    <section className="card sync-card" aria-labelledby="sync-title" data-testid="sync">
      <h2 id="sync-title">Sync</h2>
      {error && <pre className="error-box">{error}</pre>}
      {!view && !error && <p className="muted">Loading…</p>}
      {view && (
        <>
          <div className="status-line" aria-live="polite">
            <SyncStateBadge state={view.state} />
            {view.state === "running" && view.current && (
              <span>
                {modeLabel(view.current.mode)}, started <RelativeTime at={view.current.startedAt} />
              </span>
            )}
            {view.state === "idle" && !view.lastStartedAt && <span className="muted">Not synced yet</span>}
          </div>
          {syncInProgress(view) && <SyncProgress view={view} />}
          <dl className="facts">
            <dt>Next sync</dt>
            <dd data-testid="next-sync">
              {view.nextRunAt ? <RelativeTime at={view.nextRunAt} /> : <span className="muted">not scheduled</span>}
              {pause && <span className="muted"> · {pause}</span>}
            </dd>
            <dt>Schedule</dt>
            <dd>
              {intervalText(view.interval)}; the first sync reads the last {view.backfillDays} days
            </dd>
            <dt>Last success</dt>
            <dd data-testid="last-success">
              <RelativeTime at={view.lastSuccessAt} />
            </dd>
          </dl>
          {lastError && (
            <div className="error-box sync-error" data-testid="sync-error">
              <div className="small">Last sync failed</div>
              <SyncErrorLine error={lastError} showTime />
            </div>
          )}
          <div className="row sync-actions">
            <button
              className="primary"
              onClick={() => void ask(false)}
              disabled={asking !== null || disabled}
              aria-busy={asking === "sync"}
              title={disabled ? "Enable the connection to sync it" : "Read what changed since the last sync"}
            >
              {asking === "sync" && <span className="spinner" aria-hidden="true" />}
              Sync now
            </button>
            <button
              onClick={() => void ask(true)}
              disabled={asking !== null || disabled}
              aria-busy={asking === "full"}
              aria-describedby="full-resync-help"
              title={disabled ? "Enable the connection to sync it" : undefined}
            >
              {asking === "full" && <span className="spinner" aria-hidden="true" />}
              Full resync
            </button>
            <span id="full-resync-help" className="muted small">
              Full resync reads everything and marks records the system no longer has as deleted.
            </span>
          </div>
          {message && (
            <div className={message.kind === "error" ? "field-error" : "muted small"} role={message.kind === "error" ? "alert" : "status"}>
              {message.text}
            </div>
          )}
          {shown && <SyncCountsTable run={shown.run} live={shown.live} />}
        </>
      )}
    </section>
  );
}
