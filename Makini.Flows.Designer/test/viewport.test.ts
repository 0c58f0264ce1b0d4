import { describe, expect, it } from "vitest";
import { NODE_WIDTH } from "../src/model/graph";
import { fitViewport, LARGE_FLOW, openingViewport } from "../src/model/viewport";
import { flowOf } from "./fixtures";

const grid = (count: number) =>
  flowOf(Array.from({ length: count }, (_, i) => ({ id: `n${i}`, type: "Log", inputs: {}, position: { x: (i % 10) * 300, y: Math.floor(i / 10) * 100 } })));

describe("viewports", () => {
  it("fits a small flow inside the canvas, never above 100 %", () => {
    const flow = grid(4);
    const v = fitViewport(flow, 2000, 800);
    expect(v.zoom).toBeLessThanOrEqual(1);
    const left = 0 * v.zoom + v.x;
    const right = (3 * 300 + NODE_WIDTH) * v.zoom + v.x;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(2000);
    expect(openingViewport(flow, 2000, 800)).toEqual(v);
  });

  it("opens a large flow at a readable zoom on its top-left corner", () => {
    const v = openingViewport(grid(LARGE_FLOW + 1), 1000, 600);
    expect(v).toEqual({ x: 40, y: 40, zoom: 0.8 });
  });

  it("leaves an empty flow at the origin", () => {
    expect(fitViewport(flowOf([]), 800, 600)).toEqual({ x: 0, y: 0, zoom: 1 });
  });
});
