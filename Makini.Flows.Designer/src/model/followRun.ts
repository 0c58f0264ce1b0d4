import type { RunEvent } from "../api/types";

/** What the canvas does with one live event: follow a new run, show an activity's step, load the finished run, or nothing. */
export type FollowAction = "follow" | "apply" | "finish" | "ignore";

/**
 * Decides from the run the canvas follows. A run's events can arrive in one chunk, faster than the view is drawn
 * again, so the followed run must be known from the events themselves, not from the last drawn view.
 */
export function followRun(followed: string | null, event: RunEvent): { followed: string | null; action: FollowAction } {
  if (event.type === "run.started") return { followed: event.runId, action: "follow" };
  if (followed !== event.runId) return { followed, action: "ignore" };
  return { followed, action: event.type === "run.finished" ? "finish" : "apply" };
}
