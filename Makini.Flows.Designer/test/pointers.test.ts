import { describe, expect, it } from "vitest";
import { edgeId } from "../src/model/graph";
import { markersOf, parsePointer, pointerTarget } from "../src/model/pointers";
import { flowOf } from "./fixtures";

const flow = flowOf(
  [
    { id: "start", type: "Start", inputs: {} },
    { id: "check", type: "If", inputs: { condition: { js: "input.a >" } } },
    { id: "a/b", type: "Log", inputs: {} },
    { id: "done", type: "Finish", inputs: {} },
  ],
  [
    { source: "start", sourcePort: "Done", target: "check" },
    { source: "check", sourcePort: "True", target: "done" },
  ],
);

describe("JSON pointers to canvas elements", () => {
  it("maps an activity input pointer to its node and input", () => {
    expect(pointerTarget(flow, "/activities/1/inputs/condition/js")).toEqual({ kind: "node", id: "check", input: "condition", index: 1 });
  });
  it("maps an activity pointer without input", () => {
    expect(pointerTarget(flow, "/activities/3/type")).toEqual({ kind: "node", id: "done", index: 3 });
  });
  it("maps a connection pointer to its edge", () => {
    expect(pointerTarget(flow, "/connections/1/target")).toEqual({ kind: "edge", id: edgeId(flow.connections[1]), index: 1 });
  });
  it("maps flow-level pointers", () => {
    expect(pointerTarget(flow, "/variables/0/name")).toEqual({ kind: "variables", index: 0 });
    expect(pointerTarget(flow, "/activities")).toEqual({ kind: "flow", property: "activities" });
    expect(pointerTarget(flow, "")).toEqual({ kind: "flow", property: undefined });
    expect(pointerTarget(flow, "/activities/99")).toEqual({ kind: "flow", property: "activities" });
  });
  it("unescapes ~1 and ~0", () => {
    expect(parsePointer("/files/a~1b~0c.json/activities/0")).toEqual(["files", "a/b~c.json", "activities", "0"]);
  });
  it("keeps the worst severity per element", () => {
    const markers = markersOf(flow, [
      { pointer: "/activities/1/inputs/condition/js", severity: "warning" },
      { pointer: "/activities/1", severity: "error" },
      { pointer: "/activities/1/inputs/condition", severity: "warning" },
      { pointer: "/connections/0", severity: "warning" },
    ]);
    expect(markers.nodes.get("check")).toBe("error");
    expect(markers.edges.get(edgeId(flow.connections[0]))).toBe("warning");
  });
});
