import type { FlowDefinition, Position } from "../api/types";

export const LAYER_GAP = 280;
export const ROW_GAP = 110;

/**
 * A simple layered layout (left to right): layers by longest path from the starts over the connections
 * without back edges, rows ordered by the average row of each node's predecessors.
 */
export function layeredLayout(flow: FlowDefinition): Map<string, Position> {
  const ids = flow.activities.map((a) => a.id);
  const known = new Set(ids);
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const c of flow.connections)
    if (known.has(c.source) && known.has(c.target)) outgoing.get(c.source)!.push(c.target);

  // Depth-first from nodes without incoming edges (then any left over) to find the back edges of cycles.
  const incoming = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const targets of outgoing.values()) for (const t of targets) incoming.set(t, incoming.get(t)! + 1);
  const roots = [...ids.filter((id) => incoming.get(id) === 0), ...ids];
  const state = new Map<string, 1 | 2>();
  const forward = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const root of roots) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      const targets = outgoing.get(frame.id)!;
      if (frame.next >= targets.length) {
        state.set(frame.id, 2);
        stack.pop();
        continue;
      }
      const target = targets[frame.next++];
      const seen = state.get(target);
      if (seen === 1) continue; // back edge: ignored for layering
      forward.get(frame.id)!.push(target);
      if (seen === undefined) {
        state.set(target, 1);
        stack.push({ id: target, next: 0 });
      }
    }
  }

  // Longest-path layers in topological order of the acyclic forward edges.
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const targets of forward.values()) for (const t of targets) indegree.set(t, indegree.get(t)! + 1);
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  const queue = ids.filter((id) => indegree.get(id) === 0);
  const predecessors = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const t of forward.get(id)!) {
      predecessors.get(t)!.push(id);
      layer.set(t, Math.max(layer.get(t)!, layer.get(id)! + 1));
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }

  const layers: string[][] = [];
  for (const id of queue) (layers[layer.get(id)!] ??= []).push(id);
  const row = new Map<string, number>();
  const positions = new Map<string, Position>();
  layers.forEach((members, index) => {
    if (index > 0) {
      const weight = (id: string) => {
        const rows = predecessors.get(id)!.map((p) => row.get(p) ?? 0);
        return rows.length === 0 ? Number.MAX_SAFE_INTEGER : rows.reduce((a, b) => a + b, 0) / rows.length;
      };
      members.sort((a, b) => weight(a) - weight(b));
    }
    const top = -((members.length - 1) * ROW_GAP) / 2;
    members.forEach((id, r) => {
      row.set(id, r - (members.length - 1) / 2);
      positions.set(id, { x: index * LAYER_GAP, y: Math.round(top + r * ROW_GAP) });
    });
  });
  return positions;
}
