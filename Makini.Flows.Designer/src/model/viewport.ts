import type { FlowDefinition } from "../api/types";
import { fallbackPosition, NODE_WIDTH, nodeHeight } from "./graph";

export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}

/**
 * The viewport that shows every activity, computed from stored positions and the fixed node sizes (no DOM
 * measurement, so it is right before anything is drawn).
 */
export function fitViewport(
  flow: FlowDefinition,
  width: number,
  height: number,
  options: { padding?: number; minZoom?: number; maxZoom?: number } = {},
): Viewport {
  const { padding = 40, minZoom = 0.1, maxZoom = 1 } = options;
  if (flow.activities.length === 0 || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  flow.activities.forEach((a, i) => {
    const p = a.position ?? fallbackPosition(i);
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + NODE_WIDTH);
    maxY = Math.max(maxY, p.y + nodeHeight(4));
  });
  const zoom = Math.min(
    maxZoom,
    Math.max(minZoom, Math.min((width - 2 * padding) / (maxX - minX), (height - 2 * padding) / (maxY - minY))),
  );
  return {
    x: (width - (maxX - minX) * zoom) / 2 - minX * zoom,
    y: (height - (maxY - minY) * zoom) / 2 - minY * zoom,
    zoom,
  };
}

/** Above this many activities a flow opens at a readable zoom on its start instead of fitted whole. */
export const LARGE_FLOW = 80;

/**
 * Where a flow opens: small flows fitted whole; large ones at a readable zoom on their top-left corner, so
 * only the nodes in view are drawn (Zoom to fit shows everything).
 */
export function openingViewport(flow: FlowDefinition, width: number, height: number): Viewport {
  if (flow.activities.length <= LARGE_FLOW) return fitViewport(flow, width, height);
  const zoom = 0.8;
  let minX = Infinity;
  let minY = Infinity;
  flow.activities.forEach((a, i) => {
    const p = a.position ?? fallbackPosition(i);
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
  });
  return { x: 40 - minX * zoom, y: 40 - minY * zoom, zoom };
}
