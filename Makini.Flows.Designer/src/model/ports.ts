import type { ActivityDescriptor, ActivityNode } from "../api/types";

/** Outcome ports of one activity: ports named by an input (Fork branches, Switch cases) first, then fixed ones. */
export function outcomePorts(activity: ActivityNode, descriptor: ActivityDescriptor | undefined): string[] {
  if (!descriptor) return [];
  const ports: string[] = [];
  if (descriptor.portsFromInput) {
    const input = activity.inputs[descriptor.portsFromInput];
    const value =
      input && "literal" in input
        ? input.literal
        : descriptor.inputs.find((i) => i.name === descriptor.portsFromInput)?.default;
    if (Array.isArray(value))
      for (const item of value) if (typeof item === "string" && !ports.includes(item)) ports.push(item);
  }
  for (const port of descriptor.ports) if (!ports.includes(port)) ports.push(port);
  return ports;
}

/** Whether the activity has an In port: everything except start activities (Start, triggers). */
export function hasInputPort(descriptor: ActivityDescriptor | undefined): boolean {
  return !descriptor?.isStart;
}
