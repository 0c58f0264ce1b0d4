import type { FlowDefinition } from "../api/types";
import { edgeId } from "./graph";

/** What a problem's JSON pointer is about, so the designer can select and mark it. */
export type PointerTarget =
  | { kind: "node"; id: string; input?: string; index: number }
  | { kind: "edge"; id: string; index: number }
  | { kind: "variables" | "inputs" | "outputs"; index?: number }
  | { kind: "flow"; property?: string };

export function parsePointer(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer
    .replace(/^\//, "")
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** Maps e.g. /activities/3/inputs/condition/js to the node of activities[3] and its input "condition". */
export function pointerTarget(flow: FlowDefinition, pointer: string): PointerTarget {
  const [head, indexText, field, name] = parsePointer(pointer);
  const index = indexText !== undefined && /^\d+$/.test(indexText) ? Number(indexText) : undefined;
  if (head === "activities" && index !== undefined && flow.activities[index]) {
    const id = flow.activities[index].id;
    return field === "inputs" && name !== undefined ? { kind: "node", id, input: name, index } : { kind: "node", id, index };
  }
  if (head === "connections" && index !== undefined && flow.connections[index])
    return { kind: "edge", id: edgeId(flow.connections[index]), index };
  if (head === "variables" || head === "inputs" || head === "outputs") return { kind: head, index };
  return { kind: "flow", property: head };
}

export interface ProblemLike {
  pointer: string;
  severity: "error" | "warning";
}

/** Worst severity per node id and per edge id. */
export function markersOf(
  flow: FlowDefinition,
  problems: readonly ProblemLike[],
): { nodes: Map<string, "error" | "warning">; edges: Map<string, "error" | "warning"> } {
  const nodes = new Map<string, "error" | "warning">();
  const edges = new Map<string, "error" | "warning">();
  for (const problem of problems) {
    const target = pointerTarget(flow, problem.pointer);
    const map = target.kind === "node" ? nodes : target.kind === "edge" ? edges : null;
    if (!map || !("id" in target)) continue;
    if (map.get(target.id) !== "error") map.set(target.id, problem.severity);
  }
  return { nodes, edges };
}
