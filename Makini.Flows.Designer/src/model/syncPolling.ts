import type { SyncRun, SyncView } from "../api/syncTypes";

// When the Sync card asks the server again, and what it reloads when it does.

export const RUNNING_POLL_MS = 1_000;
export const QUEUED_POLL_MS = 2_000;
/** After the next scheduled run is due: time for the scheduler to pick it up before looking. */
export const DUE_GRACE_MS = 2_000;
/** setTimeout's longest delay. */
const LONGEST_TIMER_MS = 2_147_483_647;

export function syncInProgress(view: SyncView | null | undefined): boolean {
  return view?.state === "queued" || view?.state === "running";
}

/**
 * Milliseconds until the card reads the sync again, or null to stop: every second while a sync runs, every two while
 * one waits; when idle, only once more when the next scheduled sync is due (no polling in between); never while the
 * tab is hidden (it reads again when shown).
 */
export function nextRefreshDelay(view: SyncView | null, now: number, hidden: boolean): number | null {
  if (!view || hidden) return null;
  if (view.state === "running") return RUNNING_POLL_MS;
  if (view.state === "queued") return QUEUED_POLL_MS;
  if (view.state !== "idle" || !view.nextRunAt) return null;
  const due = Date.parse(view.nextRunAt);
  if (Number.isNaN(due) || due <= now) return null;
  return Math.min(due - now + DUE_GRACE_MS, LONGEST_TIMER_MS);
}

/** After a sync ends: time for the server to write when the next one is due before reading it. */
export const SETTLE_MS = 1_500;

/**
 * True when an idle sync shows no next run to come: right after a sync ends the server may not have written the
 * next due time yet, so the card reads once more (only then, so a stopped schedule is not polled).
 */
export function nextRunPending(view: SyncView, now: number): boolean {
  if (view.state !== "idle") return false;
  const due = view.nextRunAt ? Date.parse(view.nextRunAt) : NaN;
  return Number.isNaN(due) || due <= now;
}

/** Changes when a sync starts or ends, i.e. when the history must be read again. */
export function historyKey(view: SyncView | null): string {
  if (!view) return "";
  return [view.current?.id, view.last?.id, view.last?.status].map((part) => part ?? "").join("|");
}

/** True when a sync that was queued or running is over (the connection's status may have changed with it). */
export function syncEnded(previous: SyncView | null, next: SyncView): boolean {
  return syncInProgress(previous) && !syncInProgress(next);
}

/** The history with the sync under way in it, newest first, its counts and duration live. */
export function withCurrentRun(runs: readonly SyncRun[], current: SyncRun | null | undefined): SyncRun[] {
  if (!current) return [...runs];
  return runs.some((run) => run.id === current.id)
    ? runs.map((run) => (run.id === current.id ? current : run))
    : [current, ...runs];
}

/** The last error unless a sync has succeeded since (history keeps every error). */
export function unresolvedError(view: SyncView) {
  const error = view.lastError;
  if (!error) return null;
  if (!view.lastSuccessAt || !error.at) return error;
  return Date.parse(error.at) >= Date.parse(view.lastSuccessAt) ? error : null;
}

/** The sync whose counts the card shows: the one under way, else the last finished one. */
export function shownRun(view: SyncView): { run: SyncRun; live: boolean } | null {
  if (view.current) return { run: view.current, live: true };
  return view.last ? { run: view.last, live: false } : null;
}
