import { MarkerType, Position, type Edge } from "@xyflow/react";
import type { ActivityDescriptor, FlowDefinition } from "../api/types";
import { activityToNode, connectionToEdge, NODE_WIDTH, portOffset } from "../model/graph";
import type { RunOverlay } from "../model/runState";
import type { ActivityFlowNode } from "./ActivityNodeView";

export const HANDLE_SIZE = 10;

export interface ViewState {
  selectedNodes: ReadonlySet<string>;
  selectedEdges: ReadonlySet<string>;
  nodeMarkers: ReadonlyMap<string, "error" | "warning">;
  edgeMarkers: ReadonlyMap<string, "error" | "warning">;
  overlay: RunOverlay;
  taken: ReadonlySet<string>;
}

interface CachedNode {
  activity: unknown;
  selected: boolean;
  marker: unknown;
  run: unknown;
  index: number;
  node: ActivityFlowNode;
}

/**
 * Builds the canvas nodes from the flow, reusing the previous node object when nothing it shows changed, so
 * React Flow re-renders only what an edit touched. Sizes and handle positions are given, never measured.
 */
export function createNodeBuilder(descriptors: ReadonlyMap<string, ActivityDescriptor>) {
  let cache = new Map<string, CachedNode>();
  return (flow: FlowDefinition, view: ViewState): ActivityFlowNode[] => {
    const next = new Map<string, CachedNode>();
    const nodes = flow.activities.map((activity, index) => {
      const selected = view.selectedNodes.has(activity.id);
      const marker = view.nodeMarkers.get(activity.id);
      const run = view.overlay.get(activity.id);
      const old = cache.get(activity.id);
      if (
        old &&
        old.activity === activity &&
        old.selected === selected &&
        old.marker === marker &&
        old.run === run &&
        old.index === index
      ) {
        next.set(activity.id, old);
        return old.node;
      }
      const descriptor = descriptors.get(activity.type);
      const base = activityToNode(activity, index, descriptor);
      const { ports, hasInput } = base.data;
      const handles = [
        ...(hasInput
          ? [{ id: "In", type: "target" as const, position: Position.Left, x: -HANDLE_SIZE / 2, y: base.height / 2 - HANDLE_SIZE / 2, width: HANDLE_SIZE, height: HANDLE_SIZE }]
          : []),
        ...ports.map((port, i) => ({
          id: port,
          type: "source" as const,
          position: Position.Right,
          x: NODE_WIDTH - HANDLE_SIZE / 2,
          y: portOffset(i, ports.length, base.height) - HANDLE_SIZE / 2,
          width: HANDLE_SIZE,
          height: HANDLE_SIZE,
        })),
      ];
      const node: ActivityFlowNode = {
        id: base.id,
        type: "activity",
        position: base.position,
        width: base.width,
        height: base.height,
        initialWidth: base.width,
        initialHeight: base.height,
        // Known size and handles: React Flow has nothing to measure before it draws edges.
        measured: { width: base.width, height: base.height },
        handles,
        selected,
        data: { ...base.data, category: descriptor?.category ?? "Unknown", marker, run },
      };
      next.set(activity.id, { activity, selected, marker, run, index, node });
      return node;
    });
    cache = next;
    return nodes;
  };
}

/** Builds the canvas edges, reusing unchanged edge objects like the node builder does. */
export function createEdgeBuilder() {
  let cache = new Map<string, { connection: unknown; selected: boolean; marker: unknown; taken: boolean; edge: Edge }>();
  return (flow: FlowDefinition, view: ViewState): Edge[] => {
    const next = new Map<string, { connection: unknown; selected: boolean; marker: unknown; taken: boolean; edge: Edge }>();
    const edges = flow.connections.map((c) => {
      const base = connectionToEdge(c);
      const selected = view.selectedEdges.has(base.id);
      const marker = view.edgeMarkers.get(base.id);
      const taken = view.taken.has(base.id);
      const old = cache.get(base.id);
      if (old && old.connection === c && old.selected === selected && old.marker === marker && old.taken === taken) {
        next.set(base.id, old);
        return old.edge;
      }
      const classes = [marker ? `edge-${marker}` : "", taken ? "edge-taken" : ""].filter(Boolean).join(" ");
      const edge: Edge = {
        id: base.id,
        source: base.source,
        sourceHandle: base.sourceHandle,
        target: base.target,
        targetHandle: base.targetHandle,
        selected,
        className: classes || undefined,
        markerEnd: { type: MarkerType.ArrowClosed, width: 14, height: 14, markerUnits: "userSpaceOnUse" },
        data: { taken },
        animated: taken,
      };
      next.set(base.id, { connection: c, selected, marker, taken, edge });
      return edge;
    });
    cache = next;
    return edges;
  };
}
