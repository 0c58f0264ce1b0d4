import { describe, expect, it } from "vitest";
import { copySelection, parseClip, pasteClip } from "../src/model/clipboard";
import { uniqueId } from "../src/model/ids";
import { flowOf } from "./fixtures";

const flow = flowOf(
  [
    { id: "log", type: "Log", inputs: { message: { literal: "hi" } }, position: { x: 0, y: 0 } },
    { id: "check", type: "If", inputs: { condition: { js: "true" } }, position: { x: 200, y: 0 } },
    { id: "done", type: "Finish", inputs: {}, position: { x: 400, y: 0 } },
    { id: "other", type: "Log", inputs: {}, position: { x: 400, y: 200 } },
  ],
  [
    { source: "log", sourcePort: "Done", target: "check" },
    { source: "check", sourcePort: "True", target: "done" },
    { source: "check", sourcePort: "False", target: "other" },
  ],
);

describe("copy and paste", () => {
  it("copies the selected activities and only the connections between them", () => {
    const clip = copySelection(flow, new Set(["log", "check", "done"]))!;
    expect(clip.activities.map((a) => a.id)).toEqual(["log", "check", "done"]);
    expect(clip.connections).toHaveLength(2);
  });

  it("pastes under fresh ids and keeps the connections between the pasted nodes", () => {
    const clip = parseClip(JSON.stringify(copySelection(flow, new Set(["log", "check", "done"]))))!;
    const { flow: next, ids } = pasteClip(flow, clip, { x: 40, y: 40 });
    expect(ids).toEqual(["log2", "check2", "done2"]);
    expect(next.activities).toHaveLength(7);
    expect(next.connections.slice(3)).toEqual([
      { source: "log2", sourcePort: "Done", target: "check2" },
      { source: "check2", sourcePort: "True", target: "done2" },
    ]);
    expect(next.activities[4].position).toEqual({ x: 40, y: 40 });
    expect(next.activities[4].inputs).toEqual({ message: { literal: "hi" } });
  });

  it("pastes into another flow under the original ids when they are free", () => {
    const clip = copySelection(flow, new Set(["check", "done"]))!;
    const { ids, flow: next } = pasteClip(flowOf([]), clip, { x: 0, y: 0 });
    expect(ids).toEqual(["check", "done"]);
    expect(next.connections).toEqual([{ source: "check", sourcePort: "True", target: "done" }]);
  });

  it("refuses text that is not a clip", () => {
    expect(parseClip("hello")).toBeNull();
    expect(parseClip('{"kind":"other"}')).toBeNull();
  });

  it("makes unique identifiers", () => {
    expect(uniqueId("HttpTrigger", new Set())).toBe("httpTrigger");
    expect(uniqueId("log", new Set(["log", "log2"]))).toBe("log3");
    expect(uniqueId("log2", new Set(["log", "log2"]))).toBe("log3");
    expect(uniqueId("9x", new Set())).toBe("a9x");
  });
});

describe("pasted scripts", () => {
  it("follow the new ids of the activities they read, and leave others alone", () => {
    const source = flowOf([
      { id: "load", type: "Log", inputs: {}, position: { x: 0, y: 0 } },
      {
        id: "use",
        type: "If",
        inputs: { condition: { js: "outputs.load.count > 0 && outputs.other.x && outputs.loader" } },
        position: { x: 200, y: 0 },
      },
      { id: "cs", type: "Log", inputs: { message: { cs: 'outputs["load"]["count"].ToString()' } }, position: { x: 0, y: 0 } },
    ]);
    const clip = copySelection(source, new Set(["load", "use", "cs"]))!;
    const { flow } = pasteClip(source, clip, { x: 0, y: 0 });
    expect(flow.activities[4].inputs.condition).toEqual({ js: "outputs.load2.count > 0 && outputs.other.x && outputs.loader" });
    expect(flow.activities[5].inputs.message).toEqual({ cs: 'outputs["load2"]["count"].ToString()' });
    expect(flow.activities[1].inputs.condition).toEqual(source.activities[1].inputs.condition);
  });
});
