// Shapes of the server's API (see Makini.Flows.Server/Apis) and of the flow file format (schemas/flow.schema.json).

export type DataType = "any" | "string" | "number" | "integer" | "boolean" | "object" | "array";

/** An activity input: exactly one of literal, variable, js or cs. */
export type InputExpression =
  | { literal: unknown }
  | { variable: string }
  | { js: string }
  | { cs: string };

export type ExpressionKind = "literal" | "variable" | "js" | "cs";

export interface Position {
  x: number;
  y: number;
}

export interface ActivityNode {
  id: string;
  type: string;
  displayName?: string;
  inputs: Record<string, InputExpression>;
  position?: Position;
}

export interface Connection {
  source: string;
  sourcePort: string;
  target: string;
  targetPort?: string;
}

export interface VariableDefinition {
  name: string;
  type?: DataType;
  default?: unknown;
}

export interface ParameterDefinition {
  name: string;
  type?: DataType;
  required?: boolean;
  description?: string;
}

export interface FlowSettings {
  journal?: "all" | "errors" | "none";
  completedRuns?: "full" | "summary";
  retainRunsDays?: number;
  maxConcurrentRuns?: number;
}

export interface FlowDefinition {
  $schema: string;
  id: string;
  name: string;
  description?: string;
  variables: VariableDefinition[];
  inputs: ParameterDefinition[];
  outputs: ParameterDefinition[];
  activities: ActivityNode[];
  connections: Connection[];
  settings?: FlowSettings;
}

export interface InputDescriptor {
  name: string;
  displayName: string;
  type: DataType;
  description?: string | null;
  required: boolean;
  default?: unknown;
  uiHint?: string | null;
  options?: string[] | null;
  literalOnly: boolean;
}

export interface OutputDescriptor {
  name: string;
  type: DataType;
  description?: string | null;
}

export interface ActivityDescriptor {
  type: string;
  category: string;
  displayName: string;
  description?: string | null;
  inputs: InputDescriptor[];
  outputs: OutputDescriptor[];
  ports: string[];
  portsFromInput?: string | null;
  isStart: boolean;
}

export interface FlowSummary {
  id: string;
  name: string;
  description?: string | null;
  publishedVersion?: number | null;
  updatedAt: string;
  lastRunStatus?: string | null;
}

export interface FlowDetails {
  id: string;
  publishedVersion?: number | null;
  updatedAt: string;
  draft: FlowDefinition;
}

export interface VersionSummary {
  version: number;
  hash: string;
  publishedAt: string;
}

export interface FlowProblem {
  pointer: string;
  message: string;
  code?: string;
  severity: "error" | "warning";
  line?: number | null;
  column?: number | null;
}

export interface RunSummary {
  id: string;
  flowId: string;
  flowVersion: number;
  status: string;
  error?: string | null;
  createdAt: string;
  finishedAt?: string | null;
}

export interface RunError {
  message?: string;
  activityId?: string | null;
  [key: string]: unknown;
}

export interface RunDetails {
  id: string;
  flowId: string;
  flowVersion: number;
  status: string;
  error?: RunError | null;
  input?: unknown;
  output?: unknown;
  variables: Record<string, unknown>;
  createdAt: string;
  finishedAt?: string | null;
}

export interface JournalEntry {
  sequence: number;
  activityId: string;
  activityType: string;
  startedAt: string;
  endedAt?: string | null;
  durationMs?: number | null;
  iteration?: string | null;
  inputs?: Record<string, unknown> | null;
  outputs?: Record<string, unknown> | null;
  outcomes?: string[] | null;
  error?: unknown;
  suspended: boolean;
}

export interface RunEvent {
  type: string;
  runId: string;
  flowId: string;
  activityId?: string | null;
  activityType?: string | null;
  sequence?: number | null;
  iteration?: string | null;
  durationMs?: number | null;
  status?: string | null;
  error?: string | null;
}

export interface ScriptError {
  message: string;
  line?: number | null;
  column?: number | null;
  [key: string]: unknown;
}
