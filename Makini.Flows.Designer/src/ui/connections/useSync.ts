import { useCallback, useEffect, useRef, useState } from "react";
import type { Api } from "../../api/client";
import { describeError } from "../../api/problem";
import type { SyncRun, SyncView } from "../../api/syncTypes";
import { SETTLE_MS, historyKey, nextRefreshDelay, nextRunPending, syncEnded } from "../../model/syncPolling";

export interface SyncData {
  view: SyncView | null;
  viewError: string | null;
  runs: SyncRun[] | null;
  historyError: string | null;
  /** Asks for a sync now; the answer (queued) is shown at once and polling starts. Throws what the server refused. */
  request: (full: boolean) => Promise<SyncView>;
}

/**
 * A connection's sync, read again every second or two while one is queued or running and not at all while idle
 * (except once when the next scheduled one is due) or while the tab is hidden; stops when the page is left.
 * `refreshKey` (the connection's status, "" until it is known) reads it again when it changes; `onEnded` is called
 * when a sync seen under way is over.
 */
export function useSync(api: Api, connectionId: string, refreshKey: string, onEnded: () => void): SyncData {
  const [view, setView] = useState<SyncView | null>(null);
  const [viewError, setViewError] = useState<string | null>(null);
  const [runs, setRuns] = useState<SyncRun[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [reads, setReads] = useState(0);
  const [hidden, setHidden] = useState(() => document.hidden);
  const shown = useRef<SyncView | null>(null);
  // Answers are applied in the order asked: a poll sent before "Sync now" must not put back the idle state.
  const asked = useRef(0);
  const applied = useRef(0);
  const lifetime = useRef<AbortController | null>(null);
  const settle = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const readRef = useRef<() => Promise<void>>(async () => {});
  const ended = useRef(onEnded);
  useEffect(() => {
    ended.current = onEnded;
  }, [onEnded]);

  const apply = useCallback((next: SyncView, order: number) => {
    if (order < applied.current) return;
    applied.current = order;
    if (syncEnded(shown.current, next)) {
      ended.current();
      if (nextRunPending(next, Date.now())) settle.current = setTimeout(() => void readRef.current(), SETTLE_MS);
    }
    shown.current = next;
    setView(next);
    setViewError(null);
  }, []);

  const read = useCallback(async () => {
    const signal = lifetime.current?.signal;
    if (!signal || signal.aborted) return;
    const order = ++asked.current;
    try {
      apply(await api.sync(connectionId, signal), order);
    } catch (e) {
      if (!signal.aborted) setViewError(describeError(e));
    } finally {
      if (!signal.aborted) setReads((n) => n + 1);
    }
  }, [api, connectionId, apply]);
  useEffect(() => {
    readRef.current = read;
  }, [read]);

  useEffect(() => {
    lifetime.current = new AbortController();
    void read();
    return () => {
      lifetime.current?.abort();
      clearTimeout(settle.current);
    };
  }, [read]);

  const lastKey = useRef(refreshKey);
  useEffect(() => {
    if (lastKey.current !== "" && lastKey.current !== refreshKey) void read();
    lastKey.current = refreshKey;
  }, [refreshKey, read]);

  useEffect(() => {
    const delay = nextRefreshDelay(view, Date.now(), hidden);
    if (delay === null) return;
    const timer = setTimeout(() => void read(), delay);
    return () => clearTimeout(timer);
  }, [view, reads, hidden, read]);

  useEffect(() => {
    const changed = () => {
      setHidden(document.hidden);
      if (!document.hidden) void read();
    };
    document.addEventListener("visibilitychange", changed);
    return () => document.removeEventListener("visibilitychange", changed);
  }, [read]);

  const history = view ? historyKey(view) : null;
  useEffect(() => {
    if (history === null) return;
    const controller = new AbortController();
    api.syncs(connectionId, controller.signal).then(
      (list) => {
        if (controller.signal.aborted) return;
        setRuns(list);
        setHistoryError(null);
      },
      (e) => {
        if (!controller.signal.aborted) setHistoryError(describeError(e));
      },
    );
    return () => controller.abort();
  }, [api, connectionId, history]);

  const request = useCallback(
    async (full: boolean) => {
      const order = ++asked.current;
      const next = await api.requestSync(connectionId, full);
      apply(next, order);
      return next;
    },
    [api, connectionId, apply],
  );

  return { view, viewError, runs, historyError, request };
}
