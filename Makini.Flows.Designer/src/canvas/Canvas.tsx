import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  type Connection as FlowConnection,
  type EdgeChange,
  type NodeChange,
} from "@xyflow/react";
import { useLayoutEffect, useMemo, useRef, useState, type DragEvent } from "react";
import type { ActivityDescriptor, Connection, FlowDefinition, Position } from "../api/types";
import { openingViewport } from "../model/viewport";
import { CanvasMiniMap } from "./CanvasMiniMap";
import { ActivityNodeView, type ActivityFlowNode } from "./ActivityNodeView";
import { createEdgeBuilder, createNodeBuilder, type ViewState } from "./buildView";

export const ACTIVITY_MIME = "application/x-makini-activity";

const nodeTypes = { activity: ActivityNodeView };

interface Props {
  flow: FlowDefinition;
  descriptors: ReadonlyMap<string, ActivityDescriptor>;
  view: ViewState;
  onMove: (positions: Map<string, Position>) => void;
  onMoveStart: () => void;
  onMoveEnd: () => void;
  onConnect: (connection: Connection) => void;
  onSelect: (change: { nodes?: Map<string, boolean>; edges?: Map<string, boolean> }) => void;
  onDropActivity: (type: string, position: Position) => void;
  onPaneClick: () => void;
}

/** The flowchart: React Flow showing the flow document; every change goes back to the document as an edit. */
export function Canvas(props: Props) {
  const { screenToFlowPosition } = useReactFlow();
  const buildNodes = useMemo(() => createNodeBuilder(props.descriptors), [props.descriptors]);
  const buildEdges = useMemo(() => createEdgeBuilder(), []);
  const nodes = useMemo(() => buildNodes(props.flow, props.view), [buildNodes, props.flow, props.view]);
  const edges = useMemo(() => buildEdges(props.flow, props.view), [buildEdges, props.flow, props.view]);
  const dragging = useRef(false);
  const container = useRef<HTMLDivElement>(null);
  // The flow as it was opened: a node dropped before React Flow's init must not move the view.
  const opened = useRef(props.flow);
  // The opening viewport needs the canvas size: one measurement of the container, then React Flow starts
  // with the right viewport and draws only the nodes in it.
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const box = container.current!;
    setSize({ width: box.clientWidth, height: box.clientHeight });
  }, []);
  const defaultViewport = useMemo(
    () => (size ? openingViewport(opened.current, size.width, size.height) : undefined),
    [size],
  );

  const onNodesChange = (changes: NodeChange<ActivityFlowNode>[]) => {
    const positions = new Map<string, Position>();
    const selection = new Map<string, boolean>();
    let ended = false;
    for (const change of changes) {
      if (change.type === "position") {
        if (change.position) positions.set(change.id, change.position);
        if (change.dragging === false) ended = true;
      } else if (change.type === "select") selection.set(change.id, change.selected);
    }
    if (positions.size > 0) {
      if (!dragging.current) {
        dragging.current = true;
        props.onMoveStart();
      }
      props.onMove(positions);
    }
    if (ended && dragging.current) {
      dragging.current = false;
      props.onMoveEnd();
    }
    if (selection.size > 0) props.onSelect({ nodes: selection });
  };

  const onEdgesChange = (changes: EdgeChange[]) => {
    const selection = new Map<string, boolean>();
    for (const change of changes) if (change.type === "select") selection.set(change.id, change.selected);
    if (selection.size > 0) props.onSelect({ edges: selection });
  };

  const onConnect = (c: FlowConnection) => {
    if (!c.source || !c.target || !c.sourceHandle) return;
    props.onConnect({
      source: c.source,
      sourcePort: c.sourceHandle,
      target: c.target,
      targetPort: c.targetHandle && c.targetHandle !== "In" ? c.targetHandle : undefined,
    });
  };

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(ACTIVITY_MIME);
    if (!type) return;
    event.preventDefault();
    const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    props.onDropActivity(type, { x: p.x - 100, y: p.y - 27 });
  };

  return (
    <div className="canvas" data-testid="canvas" ref={container} onDrop={onDrop} onDragOver={(e) => e.preventDefault()}>
      {defaultViewport && (
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onPaneClick={props.onPaneClick}
        defaultViewport={defaultViewport}
        onInit={() => performance.mark("designer:canvas-ready")}
        deleteKeyCode={null}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={["Meta", "Control"]}
        minZoom={0.1}
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background />
        <Controls />
        <CanvasMiniMap flow={props.flow} descriptors={props.descriptors} view={props.view} />
      </ReactFlow>
      )}
    </div>
  );
}
