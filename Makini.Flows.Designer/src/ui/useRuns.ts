import { useCallback, useEffect, useRef, useState } from "react";
import type { Api } from "../api/client";
import { describeError, ProblemError } from "../api/problem";
import type { Connection, JournalEntry, RunDetails, RunEvent, RunSummary } from "../api/types";
import { followRun } from "../model/followRun";
import { applyRunEvent, overlayFromJournal, takenEdges, type RunOverlay } from "../model/runState";

export interface RunView {
  runId: string;
  status: string;
  details: RunDetails | null;
  overlay: RunOverlay;
  taken: ReadonlySet<string>;
  journal: JournalEntry[];
}

const EMPTY: RunOverlay = new Map();

/** Tries again (every 200 ms) while the run is not found yet. */
async function withRetry<T>(load: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await load();
    } catch (e) {
      if (attempt >= attempts || !(e instanceof ProblemError) || e.status !== 404) throw e;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Runs of one flow: the list, live events of every run (the newest one is followed on the canvas) and the
 * run being inspected, with its journal.
 */
export function useRuns(api: Api, flowId: string | null, connections: readonly Connection[]) {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [view, setView] = useState<RunView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState(false);
  const connectionsRef = useRef(connections);
  connectionsRef.current = connections;
  /** The run the canvas shows, known at once: a run's events can arrive faster than the view is drawn again. */
  const followedRef = useRef<string | null>(null);
  const show = useCallback((next: RunView | null) => {
    followedRef.current = next?.runId ?? null;
    setView(next);
  }, []);

  const refresh = useCallback(() => {
    if (!flowId) return;
    api.runs(flowId).then(setRuns, (e) => setError(describeError(e)));
  }, [api, flowId]);

  const inspect = useCallback(
    async (runId: string, attempts = 1) => {
      try {
        const [details, journal] = await withRetry(() => Promise.all([api.run(runId), api.journal(runId)]), attempts);
        show({
          runId,
          status: details.status,
          details,
          overlay: overlayFromJournal(journal),
          taken: takenEdges(journal, connectionsRef.current),
          journal,
        });
        setError(null);
      } catch (e) {
        setError(describeError(e));
      }
    },
    [api, show],
  );

  useEffect(() => {
    refresh();
    if (!flowId) return;
    const abort = new AbortController();
    const onEvent = (event: RunEvent) => {
      const next = followRun(followedRef.current, event);
      followedRef.current = next.followed;
      switch (next.action) {
        case "follow":
          show({ runId: event.runId, status: "Running", details: null, overlay: EMPTY, taken: new Set(), journal: [] });
          refresh();
          return;
        case "finish":
          // A synchronous trigger run is stored just after it ends: allow it a moment to appear.
          void inspect(event.runId, 10).then(refresh);
          refresh();
          return;
        case "apply":
          setView((v) => (v && v.runId === event.runId ? { ...v, overlay: applyRunEvent(v.overlay, event) } : v));
          return;
      }
    };
    const connect = () =>
      api.flowEvents(flowId, onEvent, () => setLive(true), abort.signal).then(
        () => setLive(false),
        (e) => {
          setLive(false);
          if (!abort.signal.aborted) setError(`Live events stopped: ${describeError(e)}`);
        },
      );
    void connect();
    return () => abort.abort();
  }, [api, flowId, refresh, inspect]);

  const start = useCallback(
    async (inputJson: string) => {
      if (!flowId) return;
      try {
        const run = await api.startRun(flowId, inputJson);
        setError(null);
        if (followedRef.current !== run.id)
          show({ runId: run.id, status: run.status, details: run, overlay: EMPTY, taken: new Set(), journal: [] });
        if (run.status !== "Running" && run.status !== "Pending") await inspect(run.id);
        refresh();
      } catch (e) {
        setError(describeError(e));
      }
    },
    [api, flowId, inspect, refresh, show],
  );

  const retry = useCallback(
    async (runId: string) => {
      try {
        const run = await api.retry(runId);
        setError(null);
        await inspect(run.id);
        refresh();
      } catch (e) {
        setError(describeError(e));
      }
    },
    [api, inspect, refresh],
  );

  return { runs, view, error, live, inspect, start, retry, refresh, clear: () => show(null) };
}
