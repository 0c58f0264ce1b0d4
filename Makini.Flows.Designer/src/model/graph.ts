import type { ActivityDescriptor, ActivityNode, Connection, FlowDefinition, Position } from "../api/types";
import { canonicalActivity, canonicalConnection } from "./canonical";
import { hasInputPort, outcomePorts } from "./ports";

// Conversion between the flow document (the source of truth) and the canvas graph. Nodes have fixed sizes,
// so the canvas never has to measure them before it can draw edges.

export const NODE_WIDTH = 200;
const NODE_BASE_HEIGHT = 54;
const PORT_SPACING = 18;

export interface NodeData extends Record<string, unknown> {
  activity: ActivityNode;
  ports: string[];
  hasInput: boolean;
  /** Where the node is drawn when the activity has no stored position. */
  fallback?: Position;
}

export interface GraphNode {
  id: string;
  type: "activity";
  position: Position;
  width: number;
  height: number;
  data: NodeData;
}

export interface GraphEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
  data: { connection: Connection };
}

export function nodeHeight(portCount: number): number {
  return Math.max(NODE_BASE_HEIGHT, 26 + portCount * PORT_SPACING);
}

/** Vertical centre of a port's handle inside its node. */
export function portOffset(index: number, count: number, height: number): number {
  const top = (height - (count - 1) * PORT_SPACING) / 2;
  return top + index * PORT_SPACING;
}

export function edgeId(c: Connection): string {
  return `${c.source}:${c.sourcePort}->${c.target}:${c.targetPort ?? "In"}`;
}

export function fallbackPosition(index: number): Position {
  return { x: (index % 6) * 260, y: Math.floor(index / 6) * 120 };
}

export function activityToNode(
  activity: ActivityNode,
  index: number,
  descriptor: ActivityDescriptor | undefined,
): GraphNode {
  const ports = outcomePorts(activity, descriptor);
  const fallback = activity.position ? undefined : fallbackPosition(index);
  return {
    id: activity.id,
    type: "activity",
    position: activity.position ?? fallback!,
    width: NODE_WIDTH,
    height: nodeHeight(ports.length),
    data: { activity, ports, hasInput: hasInputPort(descriptor), fallback },
  };
}

export function connectionToEdge(c: Connection): GraphEdge {
  return {
    id: edgeId(c),
    source: c.source,
    sourceHandle: c.sourcePort,
    target: c.target,
    targetHandle: c.targetPort ?? "In",
    data: { connection: c },
  };
}

export function flowToGraph(
  flow: FlowDefinition,
  descriptors: ReadonlyMap<string, ActivityDescriptor>,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  return {
    nodes: flow.activities.map((a, i) => activityToNode(a, i, descriptors.get(a.type))),
    edges: flow.connections.map(connectionToEdge),
  };
}

function samePosition(a: Position, b: Position | undefined): boolean {
  return !!b && a.x === b.x && a.y === b.y;
}

/** The flow the graph shows: activities in node order with the nodes' positions, connections from the edges. */
export function graphToFlow(base: FlowDefinition, nodes: readonly GraphNode[], edges: readonly GraphEdge[]): FlowDefinition {
  const activities = nodes.map((node) => {
    const activity = node.data.activity;
    const keepAbsent = !activity.position && samePosition(node.position, node.data.fallback);
    if (keepAbsent || samePosition(node.position, activity.position)) return activity;
    return canonicalActivity({ ...activity, position: { x: node.position.x, y: node.position.y } });
  });
  const connections = edges.map((e) => {
    const c = e.data.connection;
    if (c.source === e.source && c.sourcePort === e.sourceHandle && c.target === e.target) return c;
    return canonicalConnection({ ...c, source: e.source, sourcePort: e.sourceHandle, target: e.target });
  });
  return { ...base, activities, connections };
}
