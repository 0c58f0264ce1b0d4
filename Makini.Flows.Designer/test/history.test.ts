import { describe, expect, it } from "vitest";
import { serializeFlow } from "../src/model/canonical";
import { addActivity, connect, moveActivities, removeElements } from "../src/model/edits";
import { commit, HISTORY_LIMIT, redo, replace, startHistory, undo } from "../src/model/history";
import { descriptors, flowOf } from "./fixtures";

describe("undo/redo history", () => {
  it("undoes and redoes add, move, connect and delete to the exact flows", () => {
    const states = [flowOf([])];
    let h = startHistory(states[0]);
    const step = (next: (typeof states)[0]) => {
      h = commit(h, next);
      states.push(next);
    };
    step(addActivity(h.present, descriptors.get("Start")!, { x: 0, y: 0 }).flow);
    step(addActivity(h.present, descriptors.get("Log")!, { x: 300, y: 0 }).flow);
    step(moveActivities(h.present, new Map([["log", { x: 320.4, y: 40.6 }]])));
    step(connect(h.present, { source: "start", sourcePort: "Done", target: "log" }));
    step(removeElements(h.present, new Set(["log"]), new Set()));
    const texts = states.map(serializeFlow);
    for (let i = texts.length - 2; i >= 0; i--) {
      h = undo(h);
      expect(serializeFlow(h.present)).toBe(texts[i]);
    }
    expect(undo(h)).toBe(h);
    for (let i = 1; i < texts.length; i++) {
      h = redo(h);
      expect(serializeFlow(h.present)).toBe(texts[i]);
    }
    expect(redo(h)).toBe(h);
  });

  it("records a drag as one step from where it started", () => {
    const start = addActivity(flowOf([]), descriptors.get("Log")!, { x: 0, y: 0 }).flow;
    let h = startHistory(start);
    for (let x = 1; x <= 5; x++) h = replace(h, moveActivities(h.present, new Map([["log", { x, y: 0 }]])));
    h = commit(h, h.present, start);
    expect(h.past).toEqual([start]);
    expect(undo(h).present).toBe(start);
  });

  it("drops the redo branch on a new edit and caps the past", () => {
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = commit(h, i);
    expect(h.past.length).toBe(HISTORY_LIMIT);
    h = commit(undo(h), -1);
    expect(h.future.length).toBe(0);
  });

  it("does not record a connection twice", () => {
    const f = connect(flowOf([]), { source: "a", sourcePort: "Done", target: "b" });
    expect(connect(f, { source: "a", sourcePort: "Done", target: "b", targetPort: "In" })).toBe(f);
  });
});
