import { describe, expect, it } from "vitest";
import { LAYER_GAP, layeredLayout } from "../src/model/layout";
import { flowOf } from "./fixtures";

describe("layered layout", () => {
  it("puts each node one layer right of its furthest predecessor", () => {
    const flow = flowOf(
      ["s", "a", "b", "j"].map((id) => ({ id, type: "Log", inputs: {} })),
      [
        { source: "s", sourcePort: "A", target: "a" },
        { source: "s", sourcePort: "B", target: "b" },
        { source: "a", sourcePort: "Done", target: "b" },
        { source: "b", sourcePort: "Done", target: "j" },
      ],
    );
    const p = layeredLayout(flow);
    expect(p.get("s")!.x).toBe(0);
    expect(p.get("a")!.x).toBe(LAYER_GAP);
    expect(p.get("b")!.x).toBe(2 * LAYER_GAP);
    expect(p.get("j")!.x).toBe(3 * LAYER_GAP);
  });

  it("handles loops and gives every node a distinct place", () => {
    const flow = flowOf(
      ["s", "loop", "body", "after"].map((id) => ({ id, type: "Log", inputs: {} })),
      [
        { source: "s", sourcePort: "Done", target: "loop" },
        { source: "loop", sourcePort: "Body", target: "body" },
        { source: "body", sourcePort: "Done", target: "loop" },
        { source: "loop", sourcePort: "Done", target: "after" },
      ],
    );
    const p = layeredLayout(flow);
    expect(p.size).toBe(4);
    expect(p.get("loop")!.x).toBeLessThan(p.get("body")!.x);
    const places = new Set([...p.values()].map((q) => `${q.x},${q.y}`));
    expect(places.size).toBe(4);
  });

  it("lays out 300 nodes quickly", () => {
    const ids = Array.from({ length: 300 }, (_, i) => `n${i}`);
    const flow = flowOf(
      ids.map((id) => ({ id, type: "Log", inputs: {} })),
      ids.slice(1).map((id, i) => ({ source: ids[Math.floor(i / 2)], sourcePort: "Done", target: id })),
    );
    const started = performance.now();
    expect(layeredLayout(flow).size).toBe(300);
    expect(performance.now() - started).toBeLessThan(200);
  });
});
