import { describe, expect, it } from "vitest";
import { createSseParser, type SseMessage } from "../src/api/sse";
import type { JournalEntry, RunEvent } from "../src/api/types";
import { followRun } from "../src/model/followRun";
import { edgeId } from "../src/model/graph";
import { applyRunEvent, overlayFromJournal, takenEdges, type RunOverlay } from "../src/model/runState";
import { tokenize } from "../src/editor/highlight";

const event = (type: string, activityId: string, extra: Partial<RunEvent> = {}): RunEvent => ({ type, runId: "r", flowId: "f", activityId, ...extra });

describe("live run state", () => {
  it("follows a run whose events all arrive at once, and ignores other runs' steps", () => {
    const events: RunEvent[] = [
      { type: "run.started", runId: "r1", flowId: "f" },
      { type: "activity.started", runId: "r1", flowId: "f", activityId: "log" },
      { type: "activity.started", runId: "r0", flowId: "f", activityId: "log" },
      { type: "activity.completed", runId: "r1", flowId: "f", activityId: "log" },
      { type: "run.finished", runId: "r1", flowId: "f" },
    ];
    let followed: string | null = "r0-shown-before";
    const actions = events.map((e) => {
      const next = followRun(followed, e);
      followed = next.followed;
      return next.action;
    });
    expect(actions).toEqual(["follow", "apply", "ignore", "apply", "finish"]);
    expect(followRun(null, events[4]).action).toBe("ignore");
  });

  it("counts loop iterations and keeps the final state", () => {
    let overlay: RunOverlay = new Map();
    for (let i = 0; i < 3; i++) {
      overlay = applyRunEvent(overlay, event("activity.started", "body"));
      overlay = applyRunEvent(overlay, event("activity.completed", "body", { durationMs: 2 }));
    }
    overlay = applyRunEvent(overlay, event("activity.started", "fail"));
    overlay = applyRunEvent(overlay, event("activity.faulted", "fail", { error: "boom" }));
    expect(overlay.get("body")).toEqual({ status: "completed", count: 3, durationMs: 2 });
    expect(overlay.get("fail")).toMatchObject({ status: "faulted", error: "boom" });
  });

  it("replays a stored run from its journal, with the connections it took", () => {
    const entry = (sequence: number, activityId: string, outcomes: string[], error?: unknown): JournalEntry => ({
      sequence,
      activityId,
      activityType: "X",
      startedAt: "",
      endedAt: "",
      outcomes,
      error,
      suspended: false,
    });
    const journal = [entry(1, "s", ["Done"]), entry(2, "check", ["True"]), entry(3, "yes", [], { message: "bad" })];
    const connections = [
      { source: "s", sourcePort: "Done", target: "check" },
      { source: "check", sourcePort: "True", target: "yes" },
      { source: "check", sourcePort: "False", target: "no" },
    ];
    expect([...takenEdges(journal, connections)]).toEqual([edgeId(connections[0]), edgeId(connections[1])]);
    const overlay = overlayFromJournal(journal);
    expect(overlay.get("yes")).toMatchObject({ status: "faulted", error: "bad" });
    expect(overlay.has("no")).toBe(false);
  });
});

describe("server-sent events parser", () => {
  it("parses events split across chunks and skips comments", () => {
    const messages: SseMessage[] = [];
    const feed = createSseParser((m) => messages.push(m));
    feed(": subscribed\n\nevent: run.started\nda");
    feed('ta: {"a":1}\n\nevent: x\r\ndata: 2\r\n\r\n');
    expect(messages).toEqual([
      { event: "run.started", data: '{"a":1}' },
      { event: "x", data: "2" },
    ]);
  });
});

describe("highlighter", () => {
  it("tokenizes JavaScript and C# without losing text", () => {
    const js = "const x = input.a > 5 && 'b' // note";
    expect(tokenize(js, "js").map((t) => t.text).join("")).toBe(js);
    expect(tokenize(js, "js").find((t) => t.text === "const")?.kind).toBe("keyword");
    const cs = '(double)input!["a"]! > 1.5m';
    const tokens = tokenize(cs, "cs");
    expect(tokens.map((t) => t.text).join("")).toBe(cs);
    expect(tokens.find((t) => t.text === "double")?.kind).toBe("keyword");
    expect(tokens.find((t) => t.text === '"a"')?.kind).toBe("string");
  });
});
