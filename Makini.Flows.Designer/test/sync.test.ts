import { describe, expect, it } from "vitest";
import type { EntityCounts, SyncRun, SyncView } from "../src/api/syncTypes";
import {
  DUE_GRACE_MS,
  QUEUED_POLL_MS,
  RUNNING_POLL_MS,
  historyKey,
  nextRefreshDelay,
  nextRunPending,
  shownRun,
  syncEnded,
  unresolvedError,
  withCurrentRun,
} from "../src/model/syncPolling";
import {
  entityHeading,
  errorTitle,
  formatDuration,
  intervalText,
  parseIsoDuration,
  progressPercent,
  progressText,
  runDuration,
  schedulePause,
  sumCounts,
  totalsText,
} from "../src/model/syncText";

const counts = (inserted: number, updated = 0, deleted = 0, unchanged = 0, pages = 1): EntityCounts => ({
  inserted,
  updated,
  deleted,
  unchanged,
  pages,
});

const run = (id: string, overrides: Partial<SyncRun> = {}): SyncRun => ({
  id,
  mode: "incremental",
  trigger: "schedule",
  status: "completed",
  startedAt: "2025-03-01T10:00:00Z",
  finishedAt: "2025-03-01T10:00:04Z",
  counts: {},
  error: null,
  entity: null,
  ...overrides,
});

const view = (overrides: Partial<SyncView> = {}): SyncView => ({
  state: "idle",
  progress: null,
  interval: "PT15M",
  backfillDays: 90,
  nextRunAt: null,
  lastStartedAt: null,
  lastSuccessAt: null,
  lastError: null,
  current: null,
  last: null,
  ...overrides,
});

const now = Date.parse("2025-03-01T10:05:00Z");

describe("the progress of a sync", () => {
  it("is a whole percent, rounded down so it never says 100 before the end", () => {
    expect(progressPercent(0.426)).toBe(42);
    expect(progressPercent(0.999)).toBe(99);
    expect(progressPercent(1)).toBe(100);
    expect(progressPercent(1.3)).toBe(100);
    expect(progressPercent(-0.1)).toBe(0);
    expect(progressPercent(null)).toBeNull();
    expect(progressPercent(undefined)).toBeNull();
  });

  it("says which entity is read, how far along and how many records so far", () => {
    const current = run("s2", {
      status: "running",
      finishedAt: null,
      entity: "work-orders",
      counts: { sites: counts(3), "work-orders": counts(1200, 4), assets: counts(0) },
    });
    expect(progressText(view({ state: "running", progress: 0.426, current }))).toBe("Reading work orders… 42% · 1,207 records so far");
    expect(progressText(view({ state: "running", progress: null, current: { ...current, counts: {} } }))).toBe("Reading work orders…");
    expect(progressText(view({ state: "running", progress: 0, current: { ...current, entity: null, counts: {} } }))).toBe("Starting… 0%");
    expect(progressText(view({ state: "running", current: { ...current, entity: "pm", counts: { pm: counts(1) } } }))).toBe(
      "Reading preventive maintenance… · 1 record so far",
    );
    expect(progressText(view({ state: "queued" }))).toBe("Waiting to start…");
    expect(progressText(view({ state: "idle" }))).toBe("");
  });
});

describe("durations", () => {
  it("reads ISO 8601 intervals as the server writes them", () => {
    expect(parseIsoDuration("PT15M")).toBe(900);
    expect(parseIsoDuration("PT5M")).toBe(300);
    expect(parseIsoDuration("P1D")).toBe(86_400);
    expect(parseIsoDuration("PT1H30M")).toBe(5_400);
    expect(parseIsoDuration("P1DT2H")).toBe(93_600);
    expect(parseIsoDuration("PT0.5S")).toBe(0.5);
    expect(parseIsoDuration("P")).toBeNull();
    expect(parseIsoDuration("PT")).toBeNull();
    expect(parseIsoDuration("15 minutes")).toBeNull();
    expect(parseIsoDuration(null)).toBeNull();
  });

  it("says how often the schedule runs", () => {
    expect(intervalText("PT15M")).toBe("every 15 minutes");
    expect(intervalText("PT1M")).toBe("every minute");
    expect(intervalText("PT1H")).toBe("every hour");
    expect(intervalText("PT1H30M")).toBe("every 90 minutes");
    expect(intervalText("P1D")).toBe("every day");
    expect(intervalText("PT6H")).toBe("every 6 hours");
    expect(intervalText("PT90S")).toBe("every 1 min 30 s");
    expect(intervalText("weekly")).toBe("every weekly");
  });

  it("are short and readable at every scale", () => {
    expect(formatDuration(0)).toBe("0.0 s");
    expect(formatDuration(420)).toBe("0.4 s");
    expect(formatDuration(9_949)).toBe("9.9 s");
    expect(formatDuration(9_950)).toBe("10 s");
    expect(formatDuration(42_300)).toBe("42 s");
    expect(formatDuration(59_600)).toBe("1 min");
    expect(formatDuration(185_000)).toBe("3 min 5 s");
    expect(formatDuration(3_600_000)).toBe("1 h");
    expect(formatDuration(3_720_000)).toBe("1 h 2 min");
    expect(formatDuration(-5)).toBe("–");
    expect(formatDuration(Number.NaN)).toBe("–");
  });

  it("of a finished sync end at its finish, of a running one now", () => {
    expect(runDuration(run("s1"), now)).toBe("4.0 s");
    expect(runDuration(run("s1", { finishedAt: null, status: "running" }), now)).toBe("5 min");
  });
});

describe("counts", () => {
  it("add up over the entities", () => {
    expect(sumCounts({ sites: counts(3, 1, 0, 10, 1), "work-orders": counts(120, 0, 2, 5, 3) })).toEqual(counts(123, 1, 2, 15, 4));
    expect(sumCounts({})).toEqual(counts(0, 0, 0, 0, 0));
    expect(sumCounts(null)).toEqual(counts(0, 0, 0, 0, 0));
  });

  it("are summed up in one history line, changes first", () => {
    expect(totalsText(counts(1204, 3, 0, 87))).toBe("1,204 inserted · 3 updated · 87 unchanged");
    expect(totalsText(counts(0, 0, 2, 0))).toBe("2 deleted");
    expect(totalsText(counts(0, 0, 0, 87))).toBe("no changes · 87 unchanged");
    expect(totalsText(counts(0, 0, 0, 0))).toBe("nothing read");
  });

  it("of the sync under way are shown while it runs, else the last one's", () => {
    const current = run("s2", { status: "running" });
    const last = run("s1");
    expect(shownRun(view({ state: "running", current, last }))).toEqual({ run: current, live: true });
    expect(shownRun(view({ last }))).toEqual({ run: last, live: false });
    expect(shownRun(view())).toBeNull();
  });
});

describe("errors", () => {
  const error = { code: "AUTHENTICATION_FAILED", message: "The system refused the password", entity: "work-orders", at: "2025-03-01T10:00:00Z" };

  it("name their code and the entity being read", () => {
    expect(errorTitle(error)).toBe("AUTHENTICATION_FAILED while reading work orders");
    expect(errorTitle({ ...error, entity: null })).toBe("AUTHENTICATION_FAILED");
    expect(entityHeading("meter-readings")).toBe("Meter readings");
  });

  it("are shown on the card until a sync succeeds after them", () => {
    expect(unresolvedError(view({ lastError: error }))).toEqual(error);
    expect(unresolvedError(view({ lastError: error, lastSuccessAt: "2025-03-01T09:45:00Z" }))).toEqual(error);
    expect(unresolvedError(view({ lastError: error, lastSuccessAt: "2025-03-01T10:15:00Z" }))).toBeNull();
    expect(unresolvedError(view({ lastSuccessAt: "2025-03-01T10:15:00Z" }))).toBeNull();
  });

  it("of the connection say why the schedule waits", () => {
    expect(schedulePause("online")).toBeNull();
    expect(schedulePause("auth_required")).toBe("Paused until the connection can sign in again.");
    expect(schedulePause("offline")).toBe("Paused until the system can be reached again.");
    expect(schedulePause("disabled")).toBe("Paused: the connection is disabled.");
  });
});

describe("polling", () => {
  it("reads every second while a sync runs and every two while one waits", () => {
    expect(nextRefreshDelay(view({ state: "running" }), now, false)).toBe(RUNNING_POLL_MS);
    expect(nextRefreshDelay(view({ state: "queued" }), now, false)).toBe(QUEUED_POLL_MS);
    expect(RUNNING_POLL_MS).toBeGreaterThanOrEqual(1_000);
    expect(QUEUED_POLL_MS).toBeLessThanOrEqual(2_000);
  });

  it("stops when idle, looking once more only when the next scheduled sync is due", () => {
    expect(nextRefreshDelay(view({ state: "idle" }), now, false)).toBeNull();
    expect(nextRefreshDelay(view({ state: "idle", nextRunAt: "2025-03-01T10:04:00Z" }), now, false)).toBeNull();
    expect(nextRefreshDelay(view({ state: "idle", nextRunAt: "2025-03-01T10:15:00Z" }), now, false)).toBe(600_000 + DUE_GRACE_MS);
    expect(nextRefreshDelay(view({ state: "idle", nextRunAt: "2026-03-01T10:15:00Z" }), now, false)).toBe(2_147_483_647);
  });

  it("stops while the tab is hidden, before anything is read, and for states it does not know", () => {
    expect(nextRefreshDelay(view({ state: "running" }), now, true)).toBeNull();
    expect(nextRefreshDelay(null, now, false)).toBeNull();
    expect(nextRefreshDelay(view({ state: "paused" }), now, false)).toBeNull();
  });

  it("notices when a sync seen under way is over", () => {
    expect(syncEnded(view({ state: "running" }), view({ state: "idle" }))).toBe(true);
    expect(syncEnded(view({ state: "queued" }), view({ state: "idle" }))).toBe(true);
    expect(syncEnded(view({ state: "running" }), view({ state: "queued" }))).toBe(false);
    expect(syncEnded(view({ state: "idle" }), view({ state: "idle" }))).toBe(false);
    expect(syncEnded(null, view({ state: "idle" }))).toBe(false);
  });

  it("reads once more after a sync ends when the next due time is not written yet", () => {
    expect(nextRunPending(view({ state: "idle", nextRunAt: "2025-03-01T10:04:59Z" }), now)).toBe(true);
    expect(nextRunPending(view({ state: "idle", nextRunAt: null }), now)).toBe(true);
    expect(nextRunPending(view({ state: "idle", nextRunAt: "2025-03-01T10:15:00Z" }), now)).toBe(false);
    expect(nextRunPending(view({ state: "queued", nextRunAt: "2025-03-01T10:04:59Z" }), now)).toBe(false);
  });

  it("reads the history again when a sync starts or ends, not on every poll", () => {
    const idle = view({ last: run("s1") });
    const started = view({ state: "running", progress: 0.1, current: run("s2", { status: "running" }), last: run("s1") });
    const further = { ...started, progress: 0.6 };
    const done = view({ last: run("s2") });
    const failedAgain = view({ last: run("s2", { status: "failed" }) });
    expect(historyKey(started)).not.toBe(historyKey(idle));
    expect(historyKey(further)).toBe(historyKey(started));
    expect(historyKey(done)).not.toBe(historyKey(further));
    expect(historyKey(failedAgain)).not.toBe(historyKey(done));
    expect(historyKey(null)).toBe("");
  });

  it("shows the sync under way in the history, live, whether or not the server listed it yet", () => {
    const stored = [run("s2", { status: "running", counts: {} }), run("s1")];
    const live = run("s2", { status: "running", counts: { sites: counts(3) } });
    expect(withCurrentRun(stored, live)).toEqual([live, stored[1]]);
    expect(withCurrentRun([run("s1")], live)).toEqual([live, run("s1")]);
    expect(withCurrentRun(stored, null)).toEqual(stored);
  });
});
