import { describe, expect, it } from "vitest";
import { serializeFlow } from "../src/model/canonical";
import { flowToGraph, graphToFlow } from "../src/model/graph";
import { descriptors, flowOf, readSample, sampleFiles } from "./fixtures";
import { readFileSync } from "node:fs";
import type { FlowDefinition } from "../src/api/types";
import { basename } from "node:path";

describe("flow <-> graph", () => {
  for (const file of sampleFiles())
    it(`round-trips ${basename(file)} byte for byte`, () => {
      const text = readFileSync(file, "utf8");
      const flow = JSON.parse(text);
      const { nodes, edges } = flowToGraph(flow, descriptors);
      expect(serializeFlow(graphToFlow(flow, nodes, edges))).toBe(text);
    });

  it("keeps every flow setting, in the server's order", () => {
    const flow = { ...flowOf([]), settings: { maxConcurrentRuns: 3, retainRunsDays: 7, completedRuns: "summary", journal: "errors" } } as FlowDefinition;
    const written = JSON.parse(serializeFlow(flow));
    expect(Object.keys(written.settings)).toEqual(["journal", "completedRuns", "retainRunsDays", "maxConcurrentRuns"]);
    expect(written.settings.maxConcurrentRuns).toBe(3);
  });

  it("keeps an absent position absent when the node was not moved", () => {
    const flow = flowOf([{ id: "a", type: "Log", inputs: {} }]);
    const { nodes, edges } = flowToGraph(flow, descriptors);
    expect(graphToFlow(flow, nodes, edges).activities[0]).toBe(flow.activities[0]);
  });

  it("writes a moved node's position and reorders keys like the server", () => {
    const flow = flowOf([{ id: "a", type: "Log", inputs: {}, position: { x: 1, y: 2 } }]);
    const { nodes, edges } = flowToGraph(flow, descriptors);
    nodes[0] = { ...nodes[0], position: { x: 10, y: 20 } };
    const next = graphToFlow(flow, nodes, edges);
    expect(next.activities[0].position).toEqual({ x: 10, y: 20 });
    expect(Object.keys(next.activities[0])).toEqual(["id", "type", "inputs", "position"]);
  });

  it("gives ports from descriptors and from the input that names them", () => {
    const { flow } = readSample("sync-summary-fork-join.flow.json");
    const fork = flow.activities.find((a) => a.type === "Fork")!;
    const graph = flowToGraph(flowOf([fork]), descriptors);
    expect(graph.nodes[0].data.ports.length).toBeGreaterThan(1);
    const ifNode = flowToGraph(flowOf([{ id: "c", type: "If", inputs: {} }]), descriptors).nodes[0];
    expect(ifNode.data.ports).toEqual(["True", "False"]);
    expect(ifNode.height).toBeGreaterThan(0);
    const start = flowToGraph(flowOf([{ id: "s", type: "Start", inputs: {} }]), descriptors).nodes[0];
    expect(start.data.hasInput).toBe(false);
  });

  it("serializes a new flow with the server's property order", () => {
    const flow = flowOf([{ inputs: {}, type: "Log", id: "a", displayName: "A" } as never]);
    expect(serializeFlow(flow)).toContain('"id": "a",\n      "type": "Log",\n      "displayName": "A",\n      "inputs": {}');
  });
});
