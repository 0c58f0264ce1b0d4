import type { ActivityNode, Connection, FlowDefinition, InputExpression } from "../api/types";
import { canonicalActivity, canonicalConnection } from "./canonical";
import { uniqueId } from "./ids";

/** What Ctrl+C puts on the system clipboard (as JSON), so nodes can be pasted into another flow. */
export interface Clip {
  kind: "makini-flows/activities";
  activities: ActivityNode[];
  connections: Connection[];
}

export function copySelection(flow: FlowDefinition, ids: ReadonlySet<string>): Clip | null {
  const activities = flow.activities.filter((a) => ids.has(a.id));
  if (activities.length === 0) return null;
  const connections = flow.connections.filter((c) => ids.has(c.source) && ids.has(c.target));
  return { kind: "makini-flows/activities", activities, connections };
}

export function parseClip(text: string): Clip | null {
  try {
    const value = JSON.parse(text) as Partial<Clip>;
    if (value?.kind !== "makini-flows/activities" || !Array.isArray(value.activities)) return null;
    return { kind: value.kind, activities: value.activities, connections: value.connections ?? [] };
  } catch {
    return null;
  }
}

/**
 * Adds the clip's activities under fresh ids (connections between them follow), shifted by `offset`.
 * Returns the new flow and the ids of the pasted activities.
 */
export function pasteClip(
  flow: FlowDefinition,
  clip: Clip,
  offset: { x: number; y: number },
): { flow: FlowDefinition; ids: string[] } {
  const taken = new Set(flow.activities.map((a) => a.id));
  const renamed = new Map<string, string>();
  for (const activity of clip.activities) {
    const id = uniqueId(activity.id, taken);
    taken.add(id);
    renamed.set(activity.id, id);
  }
  const activities = clip.activities.map((a) =>
    canonicalActivity({
      ...a,
      id: renamed.get(a.id)!,
      inputs: renameReferences(a.inputs, renamed),
      position: { x: (a.position?.x ?? 0) + offset.x, y: (a.position?.y ?? 0) + offset.y },
    }),
  );
  const connections = clip.connections
    .filter((c) => renamed.has(c.source) && renamed.has(c.target))
    .map((c) => canonicalConnection({ ...c, source: renamed.get(c.source)!, target: renamed.get(c.target)! }));
  return {
    flow: {
      ...flow,
      activities: [...flow.activities, ...activities],
      connections: [...flow.connections, ...connections],
    },
    ids: activities.map((a) => a.id),
  };
}

/** Scripts of pasted activities that read outputs.<id> of another pasted activity follow its new id. */
function renameReferences(
  inputs: Record<string, InputExpression>,
  renamed: ReadonlyMap<string, string>,
): Record<string, InputExpression> {
  const changes = [...renamed].filter(([from, to]) => from !== to);
  if (changes.length === 0) return inputs;
  const rewrite = (source: string) =>
    changes.reduce(
      (text, [from, to]) =>
        text
          .replace(new RegExp(`\\boutputs\\.${from}\\b(?![-\\w])`, "g"), `outputs.${to}`)
          .replace(new RegExp(`\\boutputs\\[(["'])${from}\\1\\]`, "g"), `outputs[$1${to}$1]`),
      source,
    );
  const result: Record<string, InputExpression> = {};
  for (const [name, value] of Object.entries(inputs))
    result[name] = "js" in value ? { js: rewrite(value.js) } : "cs" in value ? { cs: rewrite(value.cs) } : value;
  return result;
}
