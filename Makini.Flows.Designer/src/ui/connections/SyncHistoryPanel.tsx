import type { SyncRun } from "../../api/syncTypes";
import { withCurrentRun } from "../../model/syncPolling";
import { modeLabel, runDuration, sumCounts, totalsText, triggerLabel } from "../../model/syncText";
import { RelativeTime } from "./RelativeTime";
import { SyncRunStatusBadge } from "./SyncBadges";
import { SyncErrorLine } from "./SyncErrorLine";

interface Props {
  runs: readonly SyncRun[] | null;
  current: SyncRun | null | undefined;
  error: string | null;
}

/** The last 50 syncs, newest first (the one under way live): when, how, started by what, outcome, time taken, totals. */
export function SyncHistoryPanel({ runs, current, error }: Props) {
  const rows = runs ? withCurrentRun(runs, current) : null;
  const now = Date.now();
  return (
    <section className="card" aria-labelledby="sync-history-title">
      <h2 id="sync-history-title">Sync history</h2>
      {error && <pre className="error-box">{error}</pre>}
      {rows === null && !error && <p className="muted">Loading…</p>}
      {rows?.length === 0 && <p className="muted">No syncs yet.</p>}
      {rows && rows.length > 0 && (
        <div className="table-scroll" role="region" aria-labelledby="sync-history-title" tabIndex={0}>
          <table className="tokens sync-history" data-testid="sync-history">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">
                  Mode <span className="muted">· trigger</span>
                </th>
                <th scope="col">Status</th>
                <th scope="col" className="number">
                  Duration
                </th>
                <th scope="col">Totals</th>
              </tr>
            </thead>
            {rows.map((run) => (
              <tbody key={run.id} data-testid="sync-run" data-mode={run.mode} data-trigger={run.trigger} data-status={run.status}>
                <tr className={run.error ? "has-error" : undefined}>
                  <td className="nowrap">
                    <RelativeTime at={run.startedAt} />
                  </td>
                  <td>
                    {modeLabel(run.mode)}
                    <div className="muted small">{triggerLabel(run.trigger)}</div>
                  </td>
                  <td>
                    <SyncRunStatusBadge status={run.status} />
                  </td>
                  <td className="number">{runDuration(run, now)}</td>
                  <td data-column="totals">{totalsText(sumCounts(run.counts))}</td>
                </tr>
                {run.error && (
                  <tr className="sync-run-error">
                    <td colSpan={5}>
                      <SyncErrorLine error={run.error} />
                    </td>
                  </tr>
                )}
              </tbody>
            ))}
          </table>
        </div>
      )}
    </section>
  );
}
