import { runStatusLabel, syncStateLabel } from "../../model/syncText";

/** Idle grey, queued amber, syncing blue. */
export function SyncStateBadge({ state }: { state: string }) {
  return (
    <span className={`status-badge sync-${state}`} data-testid="sync-state" data-state={state}>
      {syncStateLabel(state)}
    </span>
  );
}

/** Running blue, completed green, failed red. */
export function SyncRunStatusBadge({ status }: { status: string }) {
  return <span className={`status-badge sync-run-${status}`}>{runStatusLabel(status)}</span>;
}
