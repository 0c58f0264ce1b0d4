import type {
  ActivityNode,
  Connection,
  FlowDefinition,
  FlowSettings,
  ParameterDefinition,
  VariableDefinition,
} from "../api/types";

// The server writes flows with properties in model order (FlowJson.cs): rebuilding objects in that order
// keeps what the designer writes byte-identical to what the server exports.

export const FLOW_SCHEMA_URI = "https://schemas.makini.io/flows/flow-v1.json";

function put<T extends object>(target: T, key: string, value: unknown): void {
  if (value !== undefined && value !== null) (target as Record<string, unknown>)[key] = value;
}

export function canonicalActivity(a: ActivityNode): ActivityNode {
  const result = { id: a.id, type: a.type } as ActivityNode;
  put(result, "displayName", a.displayName);
  result.inputs = a.inputs ?? {};
  put(result, "position", a.position ? { x: a.position.x, y: a.position.y } : undefined);
  return result;
}

export function canonicalConnection(c: Connection): Connection {
  const result = { source: c.source, sourcePort: c.sourcePort, target: c.target } as Connection;
  put(result, "targetPort", c.targetPort);
  return result;
}

function canonicalVariable(v: VariableDefinition): VariableDefinition {
  const result = { name: v.name } as VariableDefinition;
  result.type = v.type ?? "any";
  put(result, "default", v.default);
  return result;
}

function canonicalParameter(p: ParameterDefinition): ParameterDefinition {
  const result = { name: p.name } as ParameterDefinition;
  result.type = p.type ?? "any";
  result.required = p.required ?? false;
  put(result, "description", p.description);
  return result;
}

export function canonicalFlow(f: FlowDefinition): FlowDefinition {
  const result = { $schema: f.$schema || FLOW_SCHEMA_URI, id: f.id, name: f.name } as FlowDefinition;
  put(result, "description", f.description);
  result.variables = (f.variables ?? []).map(canonicalVariable);
  result.inputs = (f.inputs ?? []).map(canonicalParameter);
  result.outputs = (f.outputs ?? []).map(canonicalParameter);
  result.activities = (f.activities ?? []).map(canonicalActivity);
  result.connections = (f.connections ?? []).map(canonicalConnection);
  if (f.settings) {
    const settings = { journal: f.settings.journal ?? "all" } as FlowSettings;
    put(settings, "completedRuns", f.settings.completedRuns);
    put(settings, "retainRunsDays", f.settings.retainRunsDays);
    put(settings, "maxConcurrentRuns", f.settings.maxConcurrentRuns);
    result.settings = settings;
  }
  return result;
}

/** The flow file text exactly as the server writes it: two-space indent, LF, final newline. */
export function serializeFlow(flow: FlowDefinition): string {
  return JSON.stringify(canonicalFlow(flow), null, 2) + "\n";
}

export function emptyFlow(id: string, name: string): FlowDefinition {
  return {
    $schema: FLOW_SCHEMA_URI,
    id,
    name,
    variables: [],
    inputs: [],
    outputs: [],
    activities: [],
    connections: [],
  };
}
