import { Handle, Position, type Node, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { NodeData } from "../model/graph";
import { portOffset } from "../model/graph";
import type { NodeRunState } from "../model/runState";

export interface ActivityViewData extends NodeData {
  category: string;
  marker?: "error" | "warning";
  run?: NodeRunState;
}

export type ActivityFlowNode = Node<ActivityViewData, "activity">;

function ActivityNodeViewInner({ data, selected, height }: NodeProps<ActivityFlowNode>) {
  const { activity, ports, marker, run } = data;
  const h = height ?? 54;
  const classes = ["activity-node", `cat-${data.category.replace(/\W+/g, "-").toLowerCase()}`];
  if (selected) classes.push("selected");
  if (marker) classes.push(`marker-${marker}`);
  if (run) classes.push(`run-${run.status}`);
  return (
    <div className={classes.join(" ")} data-testid={`node-${activity.id}`} data-run-status={run?.status ?? ""} data-marker={marker ?? ""}>
      {data.hasInput && <Handle type="target" position={Position.Left} id="In" className="port-in" />}
      <div className="activity-title">{activity.displayName || activity.id}</div>
      <div className="activity-type">{activity.type}</div>
      {marker && (
        <span className={`marker-badge ${marker}`} title={marker === "error" ? "has errors" : "has warnings"}>
          !
        </span>
      )}
      {run && (
        <span className="run-badge" title={run.error ?? run.status}>
          {run.status}
          {run.count > 1 ? ` ×${run.count}` : ""}
        </span>
      )}
      {ports.map((port, i) => (
        <span key={`label-${port}`} className="port-label" style={{ top: portOffset(i, ports.length, h) }}>
          {port}
        </span>
      ))}
      {ports.map((port, i) => (
        <Handle
          key={port}
          type="source"
          position={Position.Right}
          id={port}
          className="port-out"
          style={{ top: portOffset(i, ports.length, h) }}
        />
      ))}
    </div>
  );
}

export const ActivityNodeView = memo(ActivityNodeViewInner);
