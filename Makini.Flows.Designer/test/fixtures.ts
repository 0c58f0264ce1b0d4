import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ActivityDescriptor, FlowDefinition } from "../src/api/types";

export const samplesFolder = join(__dirname, "..", "..", "flows-samples");

export function sampleFiles(): string[] {
  return readdirSync(samplesFolder)
    .filter((f) => f.endsWith(".flow.json"))
    .map((f) => join(samplesFolder, f));
}

export function readSample(name: string): { text: string; flow: FlowDefinition } {
  const text = readFileSync(join(samplesFolder, name), "utf8");
  return { text, flow: JSON.parse(text) as FlowDefinition };
}

function descriptor(type: string, ports: string[], extra: Partial<ActivityDescriptor> = {}): ActivityDescriptor {
  return { type, category: "Test", displayName: type, inputs: [], outputs: [], ports, isStart: false, ...extra };
}

/** A few descriptors shaped like the server's GET /api/activities. */
export const descriptors = new Map<string, ActivityDescriptor>([
  ["Start", descriptor("Start", ["Done"], { isStart: true })],
  ["If", descriptor("If", ["True", "False"])],
  ["Log", descriptor("Log", ["Done"])],
  ["Finish", descriptor("Finish", [])],
  [
    "Fork",
    descriptor("Fork", [], {
      portsFromInput: "branches",
      inputs: [
        { name: "branches", displayName: "Branches", type: "array", required: true, default: ["A", "B"], literalOnly: true },
      ],
    }),
  ],
  ["Switch", descriptor("Switch", ["Default"], { portsFromInput: "cases" })],
]);

export function flowOf(activities: FlowDefinition["activities"], connections: FlowDefinition["connections"] = []): FlowDefinition {
  return {
    $schema: "https://schemas.makini.io/flows/flow-v1.json",
    id: "t",
    name: "T",
    variables: [],
    inputs: [],
    outputs: [],
    activities,
    connections,
  };
}
