import type { EntityCounts, SyncError, SyncView } from "../api/syncTypes";

// The words and numbers of a connection's Sync card and history. Unknown values (a newer server) are shown as they are.

const numbers = new Intl.NumberFormat("en");

export function formatCount(value: number): string {
  return numbers.format(value);
}

const STATE_LABELS: Record<string, string> = { idle: "Idle", queued: "Queued", running: "Syncing" };
const MODE_LABELS: Record<string, string> = { backfill: "Backfill", incremental: "Incremental", full: "Full resync" };
const TRIGGER_LABELS: Record<string, string> = { schedule: "Scheduled", manual: "Manual" };
const STATUS_LABELS: Record<string, string> = { running: "Running", completed: "Completed", failed: "Failed" };
const ENTITY_LABELS: Record<string, string> = { pm: "preventive maintenance" };

export const syncStateLabel = (state: string) => STATE_LABELS[state] ?? state;
export const modeLabel = (mode: string) => MODE_LABELS[mode] ?? mode;
export const triggerLabel = (trigger: string) => TRIGGER_LABELS[trigger] ?? trigger;
export const runStatusLabel = (status: string) => STATUS_LABELS[status] ?? status;

/** "work-orders" as words in a sentence: "work orders". */
export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? entity.replace(/[-_]/g, " ");
}

/** "work-orders" as a table heading: "Work orders". */
export function entityHeading(entity: string): string {
  const label = entityLabel(entity);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

/** Whole percent done, never 100 before the end (rounded down); null when the server does not know. */
export function progressPercent(progress: number | null | undefined): number | null {
  if (progress === null || progress === undefined || Number.isNaN(progress)) return null;
  return Math.floor(Math.min(1, Math.max(0, progress)) * 100);
}

/** The line under the progress bar: "Reading work orders… 42% · 1,204 records so far". Empty when idle. */
export function progressText(view: SyncView): string {
  if (view.state === "queued") return "Waiting to start…";
  if (view.state !== "running") return "";
  const entity = view.current?.entity;
  const percent = progressPercent(view.progress);
  let text = entity ? `Reading ${entityLabel(entity)}…` : "Starting…";
  if (percent !== null) text += ` ${percent}%`;
  const seen = view.current ? recordsSeen(sumCounts(view.current.counts)) : 0;
  if (seen > 0) text += ` · ${formatCount(seen)} ${seen === 1 ? "record" : "records"} so far`;
  return text;
}

/** Seconds in an ISO 8601 duration (PT15M, P1D, PT1H30M, PT0.5S); null when it is not one. */
export function parseIsoDuration(iso: string | null | undefined): number | null {
  const match = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    iso ?? "",
  );
  if (!match || iso === "P" || iso!.endsWith("T")) return null;
  const [weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds;
}

/** "every 15 minutes", "every hour", "every day". */
export function intervalText(iso: string): string {
  const seconds = parseIsoDuration(iso);
  if (seconds === null || seconds <= 0) return `every ${iso}`;
  for (const [unit, size] of [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ] as const) {
    if (seconds % size !== 0) continue;
    const count = seconds / size;
    return count === 1 ? `every ${unit}` : `every ${count} ${unit}s`;
  }
  return `every ${formatDuration(seconds * 1000)}`;
}

/** "0.4 s", "42 s", "3 min 5 s", "1 h 2 min"; "–" for no time or a negative one. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return "–";
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)} s`;
  const total = Math.round(ms / 1000);
  if (total < 60) return `${total} s`;
  if (total < 3_600) {
    const seconds = total % 60;
    return `${Math.floor(total / 60)} min${seconds ? ` ${seconds} s` : ""}`;
  }
  const minutes = Math.floor(total / 60) % 60;
  return `${Math.floor(total / 3_600)} h${minutes ? ` ${minutes} min` : ""}`;
}

/** How long a sync took, or has been running until `now`. */
export function runDuration(run: { startedAt: string; finishedAt?: string | null }, now: number): string {
  const started = Date.parse(run.startedAt);
  const ended = run.finishedAt ? Date.parse(run.finishedAt) : now;
  return formatDuration(ended - started);
}

/** The counts of every entity added up. */
export function sumCounts(counts: Record<string, EntityCounts> | null | undefined): EntityCounts {
  const total: EntityCounts = { inserted: 0, updated: 0, deleted: 0, unchanged: 0, pages: 0 };
  for (const entity of Object.values(counts ?? {})) {
    total.inserted += entity.inserted ?? 0;
    total.updated += entity.updated ?? 0;
    total.deleted += entity.deleted ?? 0;
    total.unchanged += entity.unchanged ?? 0;
    total.pages += entity.pages ?? 0;
  }
  return total;
}

export function recordsSeen(counts: EntityCounts): number {
  return counts.inserted + counts.updated + counts.deleted + counts.unchanged;
}

/** A history line's totals: "1,204 inserted · 3 updated", "no changes · 87 unchanged", "nothing read". */
export function totalsText(totals: EntityCounts): string {
  const changes = (["inserted", "updated", "deleted"] as const)
    .filter((kind) => totals[kind] > 0)
    .map((kind) => `${formatCount(totals[kind])} ${kind}`);
  if (changes.length === 0 && totals.unchanged === 0) return "nothing read";
  const parts = changes.length > 0 ? changes : ["no changes"];
  if (totals.unchanged > 0) parts.push(`${formatCount(totals.unchanged)} unchanged`);
  return parts.join(" · ");
}

/** "AUTHENTICATION_FAILED while reading work orders"; the message goes on a line of its own. */
export function errorTitle(error: SyncError): string {
  return error.entity ? `${error.code} while reading ${entityLabel(error.entity)}` : error.code;
}

/** Why scheduled syncs wait, from the connection's status; null when they run. */
export function schedulePause(connectionStatus: string): string | null {
  switch (connectionStatus) {
    case "disabled":
      return "Paused: the connection is disabled.";
    case "auth_required":
      return "Paused until the connection can sign in again.";
    case "offline":
      return "Paused until the system can be reached again.";
    default:
      return null;
  }
}
