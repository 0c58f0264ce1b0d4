import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Api } from "../api/client";
import { describeError } from "../api/problem";
import type { ActivityDescriptor, ActivityNode, FlowDefinition, FlowProblem, Position } from "../api/types";
import { Canvas } from "../canvas/Canvas";
import type { ViewState } from "../canvas/buildView";
import { serializeFlow } from "../model/canonical";
import { copySelection, parseClip, pasteClip, type Clip } from "../model/clipboard";
import { addActivity, connect, moveActivities, removeElements, updateActivity } from "../model/edits";
import { edgeId } from "../model/graph";
import { commit, redo, replace, startHistory, undo, type History } from "../model/history";
import { layeredLayout } from "../model/layout";
import { markersOf, pointerTarget } from "../model/pointers";
import { fitViewport } from "../model/viewport";
import { downloadText } from "./download";
import { FlowSettingsEditor } from "./FlowSettingsEditor";
import { JournalPanel } from "./JournalPanel";
import { ProblemsList } from "./ProblemsList";
import { PropertyPanel } from "./PropertyPanel";
import { RunPanel } from "./RunPanel";
import { Toolbox } from "./Toolbox";
import { useRuns } from "./useRuns";
import { useShortcuts } from "./useShortcuts";
import { useValidation } from "./useValidation";
import { VersionsPanel } from "./VersionsPanel";

export interface DesignerProps {
  api: Api;
  descriptors: readonly ActivityDescriptor[];
  initial: FlowDefinition;
  isNew: boolean;
  publishedVersion: number | null | undefined;
  onBack: () => void;
  onCreated: (id: string) => void;
}

type Tab = "properties" | "flow" | "versions" | "run";
interface Selection {
  nodes: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}
const NO_SELECTION: Selection = { nodes: new Set(), edges: new Set() };

/** Clipboard of this tab, used when the system clipboard cannot be read. */
let localClip: Clip | null = null;

export function Designer(props: DesignerProps) {
  return (
    <ReactFlowProvider>
      <DesignerInner {...props} />
    </ReactFlowProvider>
  );
}

function DesignerInner({ api, descriptors, initial, isNew: initiallyNew, publishedVersion: initialPublished, onBack, onCreated }: DesignerProps) {
  const reactFlow = useReactFlow();
  const descriptorMap = useMemo(() => new Map(descriptors.map((d) => [d.type, d])), [descriptors]);
  const [history, setHistory] = useState<History<FlowDefinition>>(() => startHistory(initial));
  const flow = history.present;
  const json = useMemo(() => serializeFlow(flow), [flow]);
  const [savedJson, setSavedJson] = useState(() => (initiallyNew ? "" : serializeFlow(initial)));
  const [isNew, setIsNew] = useState(initiallyNew);
  const [published, setPublished] = useState(initialPublished);
  const [selection, setSelection] = useState<Selection>(NO_SELECTION);
  const [tab, setTab] = useState<Tab>("properties");
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [versionsKey, setVersionsKey] = useState(0);
  const [busy, setBusy] = useState(false);
  const validation = useValidation(api, json);
  const runs = useRuns(api, isNew ? null : flow.id, flow.connections);
  const dirty = json !== savedJson;
  const errors = validation.problems.filter((p) => p.severity === "error");

  const lastEdit = useRef<{ key: string; time: number } | null>(null);
  const dragStart = useRef<FlowDefinition | null>(null);

  /** Applies an edit as one undo step; quick successive edits of the same field (typing) merge into one. */
  const edit = useCallback((next: FlowDefinition, key?: string) => {
    const now = Date.now();
    const merge = key !== undefined && lastEdit.current?.key === key && now - lastEdit.current.time < 1500;
    lastEdit.current = key === undefined ? null : { key, time: now };
    setHistory((h) => (merge ? replace(h, next) : commit(h, next)));
  }, []);

  const view: ViewState = useMemo(() => {
    const markers = markersOf(flow, validation.problems);
    return {
      selectedNodes: selection.nodes,
      selectedEdges: selection.edges,
      nodeMarkers: markers.nodes,
      edgeMarkers: markers.edges,
      overlay: runs.view?.overlay ?? new Map(),
      taken: runs.view?.taken ?? new Set(),
    };
  }, [flow, validation.problems, selection, runs.view]);

  const selectOnly = (nodes: string[], edges: string[] = []) => setSelection({ nodes: new Set(nodes), edges: new Set(edges) });

  const add = (type: string, position?: Position) => {
    const descriptor = descriptorMap.get(type);
    if (!descriptor) return;
    const at = position ?? reactFlow.screenToFlowPosition({ x: window.innerWidth / 2, y: window.innerHeight / 2 });
    const result = addActivity(flow, descriptor, at);
    edit(result.flow);
    selectOnly([result.id]);
    setTab("properties");
  };

  const removeSelection = () => {
    if (selection.nodes.size === 0 && selection.edges.size === 0) return;
    edit(removeElements(flow, selection.nodes, selection.edges));
    setSelection(NO_SELECTION);
  };

  const copy = () => {
    const clip = copySelection(flow, selection.nodes);
    if (!clip) return false;
    localClip = clip;
    navigator.clipboard?.writeText(JSON.stringify(clip, null, 2)).catch(() => undefined);
    return true;
  };

  const paste = async () => {
    let clip: Clip | null = null;
    try {
      clip = parseClip(await navigator.clipboard.readText());
    } catch {
      clip = null;
    }
    clip ??= localClip;
    if (!clip) return;
    const result = pasteClip(history.present, clip, { x: 40, y: 40 });
    edit(result.flow);
    selectOnly(result.ids);
  };

  const save = async (): Promise<boolean> => {
    setBusy(true);
    try {
      const details = isNew ? await api.createFlow(json) : await api.saveDraft(flow.id, json);
      setSavedJson(json);
      setPublished(details.publishedVersion);
      if (isNew) {
        setIsNew(false);
        onCreated(flow.id);
      }
      setMessage({
        kind: "info",
        text: errors.length > 0 ? `Draft saved with ${errors.length} error(s) to fix before publishing.` : "Draft saved.",
      });
      return true;
    } catch (e) {
      setMessage({ kind: "error", text: `Saving failed. ${describeError(e)}` });
      return false;
    } finally {
      setBusy(false);
    }
  };

  const publish = async () => {
    if (errors.length > 0) {
      setMessage({ kind: "error", text: `Publishing refused: fix the ${errors.length} error(s) listed under Problems first.` });
      return;
    }
    if ((dirty || isNew) && !(await save())) return;
    setBusy(true);
    try {
      const version = await api.publish(flow.id);
      setPublished(version.version);
      setVersionsKey((k) => k + 1);
      setMessage({ kind: "info", text: `Published v${version.version}.` });
    } catch (e) {
      setMessage({ kind: "error", text: `Publishing failed. ${describeError(e)}` });
    } finally {
      setBusy(false);
    }
  };

  const revert = async (version: number) => {
    if (dirty && !window.confirm("Discard the unsaved changes and revert the draft?")) return;
    try {
      const details = await api.revert(flow.id, version);
      edit(details.draft);
      setSavedJson(serializeFlow(details.draft));
      setMessage({ kind: "info", text: `Draft reverted to v${version}.` });
    } catch (e) {
      setMessage({ kind: "error", text: describeError(e) });
    }
  };

  const canvasBox = () => document.querySelector<HTMLElement>("[data-testid=canvas]");
  const zoomToFit = (target: FlowDefinition = flow) => {
    const box = canvasBox();
    if (box) void reactFlow.setViewport(fitViewport(target, box.clientWidth, box.clientHeight), { duration: 200 });
  };

  const layout = () => {
    const next = moveActivities(flow, layeredLayout(flow));
    edit(next);
    zoomToFit(next);
  };

  const pick = (problem: FlowProblem) => {
    const target = pointerTarget(flow, problem.pointer);
    if (target.kind === "node") {
      selectOnly([target.id]);
      setTab("properties");
      const node = reactFlow.getNode(target.id);
      if (node) reactFlow.setCenter(node.position.x + 100, node.position.y + 30, { zoom: Math.max(reactFlow.getZoom(), 0.8), duration: 200 });
    } else if (target.kind === "edge") {
      selectOnly([], [target.id]);
    } else {
      setSelection(NO_SELECTION);
      setTab("flow");
    }
  };

  useShortcuts({
    undo: () => setHistory(undo),
    redo: () => setHistory(redo),
    copy: () => void copy(),
    cut: () => {
      if (copy()) removeSelection();
    },
    paste: () => void paste(),
    remove: removeSelection,
    selectAll: () => selectOnly(flow.activities.map((a) => a.id), flow.connections.map(edgeId)),
    save: () => void save(),
  });

  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirty) e.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const selectedActivity: ActivityNode | undefined =
    selection.nodes.size === 1 ? flow.activities.find((a) => selection.nodes.has(a.id)) : undefined;
  const selectedEdge = selection.edges.size === 1 && selection.nodes.size === 0 ? flow.connections.find((c) => selection.edges.has(edgeId(c))) : undefined;

  return (
    <div className="designer" data-testid="designer" data-live={runs.live}>
      <header className="topbar">
        <button onClick={() => (!dirty || window.confirm("Leave without saving the changes?")) && onBack()}>← Flows</button>
        <strong className="flow-name">{flow.name}</strong>
        <span className="mono muted">{flow.id}</span>
        <span className="status" data-testid="flow-status">
          {isNew ? "new, not saved" : dirty ? "unsaved changes" : "saved"} · {published ? `published v${published}` : "draft only"}
        </span>
        <span className="spacer" />
        <button onClick={() => setHistory(undo)} disabled={history.past.length === 0} title="Undo (Ctrl+Z)">
          Undo
        </button>
        <button onClick={() => setHistory(redo)} disabled={history.future.length === 0} title="Redo (Ctrl+Shift+Z)">
          Redo
        </button>
        <button onClick={layout}>Auto-layout</button>
        <button onClick={() => zoomToFit()}>Zoom to fit</button>
        <button onClick={() => downloadText(`${flow.id}.flow.json`, json)} data-testid="export">
          Export
        </button>
        <button onClick={() => void save()} disabled={busy || (!dirty && !isNew)} data-testid="save">
          Save draft
        </button>
        <button className="primary" onClick={() => void publish()} disabled={busy} data-testid="publish" title={errors.length ? "Fix the errors first" : ""}>
          Publish
        </button>
      </header>
      {message && (
        <div className={`banner ${message.kind}`} data-testid="banner">
          <pre>{message.text}</pre>
          <button onClick={() => setMessage(null)}>×</button>
        </div>
      )}
      {validation.error && <div className="banner error">Validation unavailable: {validation.error}</div>}
      <div className="workspace">
        <Toolbox descriptors={descriptors} onAdd={(type) => add(type)} />
        <div className="center">
          <Canvas
            flow={flow}
            descriptors={descriptorMap}
            view={view}
            onMoveStart={() => {
              dragStart.current = history.present;
            }}
            onMove={(positions) => setHistory((h) => replace(h, moveActivities(h.present, positions)))}
            onMoveEnd={() => {
              const before = dragStart.current;
              dragStart.current = null;
              lastEdit.current = null;
              if (before) setHistory((h) => commit(h, h.present, before));
            }}
            onConnect={(c) => edit(connect(flow, c))}
            onSelect={(change) =>
              setSelection((s) => {
                const nodes = new Set(s.nodes);
                const edges = new Set(s.edges);
                change.nodes?.forEach((on, id) => (on ? nodes.add(id) : nodes.delete(id)));
                change.edges?.forEach((on, id) => (on ? edges.add(id) : edges.delete(id)));
                return { nodes, edges };
              })
            }
            onDropActivity={(type, position) => add(type, position)}
            onPaneClick={() => setSelection(NO_SELECTION)}
          />
          <div className="bottom-pane">
            <ProblemsList problems={validation.problems} checking={validation.checking} onPick={pick} />
            {runs.view && <JournalPanel entries={runs.view.journal} activityId={selectedActivity?.id ?? null} />}
          </div>
        </div>
        <aside className="side">
          <nav className="tabs">
            {(["properties", "flow", "versions", "run"] as Tab[]).map((t) => (
              <button key={t} className={tab === t ? "active" : ""} onClick={() => setTab(t)} data-testid={`tab-${t}`}>
                {t === "properties" ? "Properties" : t === "flow" ? "Flow" : t === "versions" ? "Versions" : "Run"}
              </button>
            ))}
          </nav>
          <div className="tab-body">
            {tab === "properties" &&
              (selectedActivity ? (
                <PropertyPanel
                  flow={flow}
                  activity={selectedActivity}
                  descriptor={descriptorMap.get(selectedActivity.type)}
                  problems={validation.problems}
                  onChange={(next, field) => {
                    edit(updateActivity(flow, selectedActivity.id, next), `${selectedActivity.id}/${field}`);
                    if (next.id !== selectedActivity.id) selectOnly([next.id]);
                  }}
                />
              ) : selectedEdge ? (
                <div className="properties">
                  <h3>Connection</h3>
                  <p className="mono">
                    {selectedEdge.source}.{selectedEdge.sourcePort} → {selectedEdge.target}
                  </p>
                  <button onClick={removeSelection}>Delete connection</button>
                </div>
              ) : (
                <p className="muted">
                  {selection.nodes.size > 1 ? `${selection.nodes.size} activities selected.` : "Select an activity to edit it, or drag one from the toolbox."}
                </p>
              ))}
            {tab === "flow" && <FlowSettingsEditor flow={flow} onChange={(next, field) => edit(next, `flow/${field}`)} />}
            {tab === "versions" &&
              (isNew ? (
                <p className="muted">Save the flow first.</p>
              ) : (
                <VersionsPanel api={api} flowId={flow.id} publishedVersion={published} refreshKey={versionsKey} onRevert={(v) => void revert(v)} />
              ))}
            {tab === "run" &&
              (isNew ? (
                <p className="muted">Save and publish the flow first.</p>
              ) : (
                <RunPanel
                  flow={flow}
                  publishedVersion={published}
                  dirty={dirty}
                  runs={runs.runs}
                  view={runs.view}
                  error={runs.error}
                  live={runs.live}
                  onStart={(input) => void runs.start(input)}
                  onInspect={(id) => void runs.inspect(id)}
                  onRetry={(id) => void runs.retry(id)}
                  onClear={runs.clear}
                />
              ))}
          </div>
        </aside>
      </div>
    </div>
  );
}
