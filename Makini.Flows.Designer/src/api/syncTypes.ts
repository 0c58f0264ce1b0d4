// Shapes of a connection's sync API (GET/POST /api/connections/{id}/sync, GET /api/connections/{id}/syncs).

export type SyncState = "idle" | "queued" | "running";

export type SyncMode = "backfill" | "incremental" | "full";

export type SyncTrigger = "schedule" | "manual";

export type SyncRunStatus = "running" | "completed" | "failed";

/** What a sync found for one unified entity (work-orders, assets…). */
export interface EntityCounts {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  pages: number;
}

/** Why a sync failed: the source's error code, its message, and the entity being read. */
export interface SyncError {
  code: string;
  message: string;
  entity?: string | null;
  at?: string | null;
}

/** One sync, under way or finished. */
export interface SyncRun {
  id: string;
  mode: SyncMode | string;
  trigger: SyncTrigger | string;
  status: SyncRunStatus | string;
  startedAt: string;
  finishedAt?: string | null;
  counts: Record<string, EntityCounts>;
  error?: SyncError | null;
  /** The entity being read, while the sync runs. */
  entity?: string | null;
}

/** A connection's sync: where it stands, its schedule, and its current and last syncs. */
export interface SyncView {
  state: SyncState | string;
  /** 0..1 while a sync runs; null when unknown or idle. */
  progress?: number | null;
  /** ISO 8601 duration, e.g. PT15M. */
  interval: string;
  backfillDays: number;
  nextRunAt?: string | null;
  lastStartedAt?: string | null;
  lastSuccessAt?: string | null;
  lastError?: SyncError | null;
  current?: SyncRun | null;
  last?: SyncRun | null;
}
