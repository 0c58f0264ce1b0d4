import type { Connection, JournalEntry, RunEvent } from "../api/types";
import { edgeId } from "./graph";

export type NodeRunStatus = "running" | "completed" | "faulted" | "suspended";

export interface NodeRunState {
  status: NodeRunStatus;
  /** How many times the activity ran (more than one inside loops). */
  count: number;
  error?: string;
  durationMs?: number;
}

export type RunOverlay = ReadonlyMap<string, NodeRunState>;

/** Folds one live event into the per-activity states. */
export function applyRunEvent(overlay: RunOverlay, event: RunEvent): RunOverlay {
  if (!event.activityId) return overlay;
  const previous = overlay.get(event.activityId);
  let next: NodeRunState;
  switch (event.type) {
    case "activity.started":
      next = { status: "running", count: (previous?.count ?? 0) + 1, durationMs: previous?.durationMs };
      break;
    case "activity.completed":
      next = {
        status: event.status === "Suspended" ? "suspended" : "completed",
        count: Math.max(previous?.count ?? 0, 1),
        durationMs: event.durationMs ?? undefined,
      };
      break;
    case "activity.faulted":
      next = {
        status: "faulted",
        count: Math.max(previous?.count ?? 0, 1),
        error: event.error ?? undefined,
        durationMs: event.durationMs ?? undefined,
      };
      break;
    default:
      return overlay;
  }
  const result = new Map(overlay);
  result.set(event.activityId, next);
  return result;
}

/** The per-activity states of a finished (or stored) run, from its journal. */
export function overlayFromJournal(journal: readonly JournalEntry[]): RunOverlay {
  const result = new Map<string, NodeRunState>();
  for (const entry of journal) {
    const previous = result.get(entry.activityId);
    const status: NodeRunStatus = entry.error
      ? "faulted"
      : entry.suspended
        ? "suspended"
        : entry.endedAt
          ? "completed"
          : "running";
    result.set(entry.activityId, {
      status,
      count: (previous?.count ?? 0) + 1,
      error: entry.error ? errorText(entry.error) : undefined,
      durationMs: entry.durationMs ?? undefined,
    });
  }
  return result;
}

/** Connections the run went along: an activity's outcome port that has a connection. */
export function takenEdges(journal: readonly JournalEntry[], connections: readonly Connection[]): Set<string> {
  const ports = new Set<string>();
  for (const entry of journal) for (const outcome of entry.outcomes ?? []) ports.add(`${entry.activityId}\u0000${outcome}`);
  const result = new Set<string>();
  for (const c of connections) if (ports.has(`${c.source}\u0000${c.sourcePort}`)) result.add(edgeId(c));
  return result;
}

export function errorText(error: unknown): string {
  if (typeof error === "string") return error;
  if (error && typeof error === "object" && "message" in error) return String((error as { message: unknown }).message);
  return JSON.stringify(error);
}
