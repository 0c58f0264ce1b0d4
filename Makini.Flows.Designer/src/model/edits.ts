import type { ActivityDescriptor, ActivityNode, Connection, FlowDefinition, InputExpression, Position } from "../api/types";
import { canonicalActivity, canonicalConnection } from "./canonical";
import { edgeId } from "./graph";
import { uniqueId } from "./ids";

// Edits of the flow document. Each returns a new flow and leaves untouched activities as the same objects.

export function addActivity(
  flow: FlowDefinition,
  descriptor: ActivityDescriptor,
  position: Position,
): { flow: FlowDefinition; id: string } {
  const id = uniqueId(descriptor.type, new Set(flow.activities.map((a) => a.id)));
  const inputs: Record<string, InputExpression> = {};
  for (const input of descriptor.inputs)
    if (input.required && input.default !== null && input.default !== undefined) inputs[input.name] = { literal: input.default };
  const activity = canonicalActivity({
    id,
    type: descriptor.type,
    inputs,
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  });
  return { flow: { ...flow, activities: [...flow.activities, activity] }, id };
}

export function connect(flow: FlowDefinition, connection: Connection): FlowDefinition {
  const c = canonicalConnection({ ...connection, targetPort: connection.targetPort === "In" ? undefined : connection.targetPort });
  const id = edgeId(c);
  if (flow.connections.some((existing) => edgeId(existing) === id)) return flow;
  return { ...flow, connections: [...flow.connections, c] };
}

export function removeElements(
  flow: FlowDefinition,
  nodeIds: ReadonlySet<string>,
  edgeIds: ReadonlySet<string>,
): FlowDefinition {
  if (nodeIds.size === 0 && edgeIds.size === 0) return flow;
  return {
    ...flow,
    activities: flow.activities.filter((a) => !nodeIds.has(a.id)),
    connections: flow.connections.filter(
      (c) => !nodeIds.has(c.source) && !nodeIds.has(c.target) && !edgeIds.has(edgeId(c)),
    ),
  };
}

export function moveActivities(flow: FlowDefinition, positions: ReadonlyMap<string, Position>): FlowDefinition {
  if (positions.size === 0) return flow;
  return {
    ...flow,
    activities: flow.activities.map((a) => {
      const p = positions.get(a.id);
      if (!p) return a;
      const x = Math.round(p.x);
      const y = Math.round(p.y);
      return a.position && a.position.x === x && a.position.y === y ? a : canonicalActivity({ ...a, position: { x, y } });
    }),
  };
}

/** Replaces one activity; when its id changed, the connections follow. */
export function updateActivity(flow: FlowDefinition, oldId: string, next: ActivityNode): FlowDefinition {
  const activity = canonicalActivity(next);
  const renamed = activity.id !== oldId;
  return {
    ...flow,
    activities: flow.activities.map((a) => (a.id === oldId ? activity : a)),
    connections: renamed
      ? flow.connections.map((c) =>
          c.source === oldId || c.target === oldId
            ? canonicalConnection({
                ...c,
                source: c.source === oldId ? activity.id : c.source,
                target: c.target === oldId ? activity.id : c.target,
              })
            : c,
        )
      : flow.connections,
  };
}

export function setInput(activity: ActivityNode, name: string, value: InputExpression | undefined): ActivityNode {
  const inputs = { ...activity.inputs };
  if (value === undefined) delete inputs[name];
  else inputs[name] = value;
  return { ...activity, inputs };
}
