import { Panel, useReactFlow, useStore } from "@xyflow/react";
import { useEffect, useMemo, useRef, type PointerEvent } from "react";
import type { ActivityDescriptor, FlowDefinition } from "../api/types";
import { fallbackPosition, NODE_WIDTH, nodeHeight } from "../model/graph";
import { outcomePorts } from "../model/ports";
import type { ViewState } from "./buildView";

const WIDTH = 200;
const HEIGHT = 140;

interface Props {
  flow: FlowDefinition;
  descriptors: ReadonlyMap<string, ActivityDescriptor>;
  view: ViewState;
}

/**
 * An overview of the whole flow drawn on one <canvas> (one draw call per rectangle, no element per node, so
 * it stays cheap on large flows). Click or drag in it to move the view there.
 */
export function CanvasMiniMap({ flow, descriptors, view }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { setViewport } = useReactFlow();
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);

  const rects = useMemo(
    () =>
      flow.activities.map((a, i) => {
        const p = a.position ?? fallbackPosition(i);
        return { id: a.id, x: p.x, y: p.y, w: NODE_WIDTH, h: nodeHeight(outcomePorts(a, descriptors.get(a.type)).length) };
      }),
    [flow.activities, descriptors],
  );

  // World box: every node plus what the view shows, so the view rectangle is always inside.
  const world = useMemo(() => {
    const vx = -tx / zoom;
    const vy = -ty / zoom;
    let minX = vx;
    let minY = vy;
    let maxX = vx + paneWidth / zoom;
    let maxY = vy + paneHeight / zoom;
    for (const r of rects) {
      minX = Math.min(minX, r.x);
      minY = Math.min(minY, r.y);
      maxX = Math.max(maxX, r.x + r.w);
      maxY = Math.max(maxY, r.y + r.h);
    }
    const scale = Math.min(WIDTH / (maxX - minX || 1), HEIGHT / (maxY - minY || 1));
    return { minX, minY, scale };
  }, [rects, tx, ty, zoom, paneWidth, paneHeight]);

  useEffect(() => {
    const context = canvas.current?.getContext("2d");
    if (!context) return;
    const { minX, minY, scale } = world;
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const r of rects) {
      const run = view.overlay.get(r.id)?.status;
      const marker = view.nodeMarkers.get(r.id);
      context.fillStyle =
        marker === "error" ? "#e57373" : run === "faulted" ? "#c62828" : run === "completed" ? "#66bb6a" : run === "running" ? "#1f6feb" : view.selectedNodes.has(r.id) ? "#1f6feb" : "#b0bac6";
      context.fillRect((r.x - minX) * scale, (r.y - minY) * scale, Math.max(2, r.w * scale), Math.max(2, r.h * scale));
    }
    context.strokeStyle = "#1f6feb";
    context.lineWidth = 1.5;
    context.strokeRect((-tx / zoom - minX) * scale, (-ty / zoom - minY) * scale, (paneWidth / zoom) * scale, (paneHeight / zoom) * scale);
  }, [rects, world, view, tx, ty, zoom, paneWidth, paneHeight]);

  const moveTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const x = (event.clientX - box.left) / world.scale + world.minX;
    const y = (event.clientY - box.top) / world.scale + world.minY;
    void setViewport({ x: paneWidth / 2 - x * zoom, y: paneHeight / 2 - y * zoom, zoom });
  };

  return (
    <Panel position="bottom-right" className="minimap">
      <canvas
        ref={canvas}
        width={WIDTH}
        height={HEIGHT}
        data-testid="minimap"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => e.buttons === 1 && moveTo(e)}
      />
    </Panel>
  );
}
