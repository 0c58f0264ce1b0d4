import { useCallback, useEffect, useState, type DragEvent } from "react";
import type { Api } from "../api/client";
import { describeError } from "../api/problem";
import type { FlowSummary } from "../api/types";
import { downloadText } from "./download";
import type { Route } from "./routes";
import { TopBar } from "./TopBar";

interface Props {
  api: Api;
  onOpen: (id: string) => void;
  onNew: (id: string, name: string) => void;
  onNavigate: (route: Route) => void;
  onSignOut: () => void;
}

/** All flows: search, status, last run, create, import (picker or drop), export, delete. */
export function FlowList({ api, onOpen, onNew, onNavigate, onSignOut }: Props) {
  const [flows, setFlows] = useState<FlowSummary[]>([]);
  const [search, setSearch] = useState("");
  const [message, setMessage] = useState<{ kind: "error" | "info"; text: string } | null>(null);
  const [dropping, setDropping] = useState(false);
  const [newId, setNewId] = useState("");
  const [newName, setNewName] = useState("");

  const load = useCallback(() => {
    api.flows(search.trim() || undefined).then(setFlows, (e) => setMessage({ kind: "error", text: describeError(e) }));
  }, [api, search]);
  useEffect(() => {
    const timer = setTimeout(load, 200);
    return () => clearTimeout(timer);
  }, [load]);

  const importFiles = async (files: File[]) => {
    if (files.length === 0) return;
    try {
      const result = await api.importFiles(files);
      setMessage({ kind: "info", text: `Imported ${result.imported.join(", ")}.` });
      load();
    } catch (e) {
      setMessage({ kind: "error", text: `Nothing was imported. ${describeError(e)}` });
    }
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDropping(false);
    void importFiles([...e.dataTransfer.files]);
  };

  const remove = async (flow: FlowSummary) => {
    if (!window.confirm(`Delete the flow '${flow.name}' with all its versions?`)) return;
    try {
      await api.deleteFlow(flow.id);
      load();
    } catch (e) {
      setMessage({ kind: "error", text: describeError(e) });
    }
  };

  const exportFlow = async (flow: FlowSummary) => {
    try {
      downloadText(`${flow.id}.flow.json`, await api.exportFlow(flow.id));
    } catch (e) {
      setMessage({ kind: "error", text: describeError(e) });
    }
  };

  const idValid = /^[A-Za-z][A-Za-z0-9_-]*$/.test(newId);
  return (
    <div
      className={`flow-list ${dropping ? "dropping" : ""}`}
      data-testid="flow-list"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes("Files")) {
          e.preventDefault();
          setDropping(true);
        }
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <TopBar section="flows" onNavigate={onNavigate}>
        <input className="search" placeholder="Search flows" aria-label="Search flows" value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="spacer" />
        <label className="button">
          Import…
          <input
            type="file"
            accept=".json,application/json"
            multiple
            hidden
            data-testid="import-input"
            onChange={(e) => {
              void importFiles([...(e.target.files ?? [])]);
              e.target.value = "";
            }}
          />
        </label>
        <button onClick={onSignOut}>Sign out</button>
      </TopBar>
      {message && (
        <div className={`banner ${message.kind}`} data-testid="banner">
          <pre>{message.text}</pre>
          <button onClick={() => setMessage(null)}>×</button>
        </div>
      )}
      <form
        className="new-flow"
        onSubmit={(e) => {
          e.preventDefault();
          if (idValid) onNew(newId, newName.trim() || newId);
        }}
      >
        <input aria-label="New flow id" placeholder="new-flow-id" value={newId} onChange={(e) => setNewId(e.target.value)} />
        <input aria-label="New flow name" placeholder="Name" value={newName} onChange={(e) => setNewName(e.target.value)} />
        <button className="primary" type="submit" disabled={!idValid || flows.some((f) => f.id === newId)}>
          New flow
        </button>
        <span className="muted small">or drop .flow.json files anywhere here to import them</span>
      </form>
      <table className="flows">
        <thead>
          <tr>
            <th>Name</th>
            <th>Id</th>
            <th>Status</th>
            <th>Last run</th>
            <th>Updated</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {flows.map((f) => (
            <tr key={f.id} data-testid={`flow-${f.id}`}>
              <td>
                <a href={`/flows/${encodeURIComponent(f.id)}`} onClick={(e) => (e.preventDefault(), onOpen(f.id))}>
                  {f.name}
                </a>
                {f.description && <div className="muted small">{f.description}</div>}
              </td>
              <td className="mono">{f.id}</td>
              <td>{f.publishedVersion ? `published v${f.publishedVersion}` : "draft"}</td>
              <td className={`last-run ${(f.lastRunStatus ?? "").toLowerCase()}`}>{f.lastRunStatus ?? "–"}</td>
              <td className="small">{new Date(f.updatedAt).toLocaleString()}</td>
              <td className="actions">
                <button onClick={() => onOpen(f.id)}>Open</button>
                <button onClick={() => void exportFlow(f)}>Export</button>
                <button onClick={() => void remove(f)}>Delete</button>
              </td>
            </tr>
          ))}
          {flows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No flows{search ? " match" : " yet"}.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
