import { useCallback, useEffect, useState } from "react";
import type { Api } from "../../api/client";
import type { Connection, StatusChange } from "../../api/connectionTypes";
import { describeError } from "../../api/problem";
import type { Route } from "../routes";
import { ConnectionTabs, panelId, tabId, type ConnectionTab } from "./ConnectionTabs";
import { ConnectionsLayout } from "./ConnectionsLayout";
import { CredentialsPanel } from "./CredentialsPanel";
import { DetailsPanel } from "./DetailsPanel";
import { ManagePanel } from "./ManagePanel";
import { MappingsPanel } from "./mappings/MappingsPanel";
import { StatusHistoryPanel } from "./StatusHistoryPanel";
import { StatusPanel } from "./StatusPanel";
import { SyncHistoryPanel } from "./SyncHistoryPanel";
import { SyncPanel } from "./SyncPanel";
import { TokensPanel } from "./TokensPanel";
import { useConnectors } from "./useConnectors";
import { useSync } from "./useSync";
import { WebhooksPanel } from "./webhooks/WebhooksPanel";

interface Props {
  api: Api;
  id: string;
  onNavigate: (route: Route) => void;
  onSignOut: () => void;
}

type Message = { kind: "error" | "info"; text: string };

/**
 * /connections/{id}: status, sync and its history, credentials, tokens, name and metadata, status history,
 * disable and delete; and, on tabs of their own, the connection's mappings and the webhooks its events go to.
 */
export function ConnectionScreen({ api, id, onNavigate, onSignOut }: Props) {
  const { connectors } = useConnectors(api);
  const [connection, setConnection] = useState<Connection | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [changes, setChanges] = useState<StatusChange[] | null>(null);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [tab, setTab] = useState<ConnectionTab>("overview");
  // The mappings and webhooks tabs stay mounted once opened, so going back to the overview keeps an unsaved draft.
  const [mappingsOpened, setMappingsOpened] = useState(false);
  const [webhooksOpened, setWebhooksOpened] = useState(false);

  const loadHistory = useCallback(
    () =>
      api.statusHistory(id).then(
        (list) => (setChanges(list), setHistoryError(null)),
        (e) => setHistoryError(describeError(e)),
      ),
    [api, id],
  );
  const loadConnection = useCallback(
    () => api.connection(id).then(setConnection, (e) => setLoadError(describeError(e))),
    [api, id],
  );
  useEffect(() => {
    void loadConnection();
    void loadHistory();
  }, [loadConnection, loadHistory]);
  // A sync that ends may have found the credentials refused or the system gone: show the status it left.
  const syncEnded = useCallback(() => {
    void loadConnection();
    void loadHistory();
  }, [loadConnection, loadHistory]);
  const sync = useSync(api, id, connection?.status ?? "", syncEnded);

  const updated = (next: Connection, text?: string) => {
    setConnection(next);
    if (text) setMessage({ kind: "info", text });
    void loadHistory();
  };
  const attempt = async (action: () => Promise<void>) => {
    setMessage(null);
    try {
      await action();
    } catch (e) {
      setMessage({ kind: "error", text: describeError(e) });
    }
  };

  const crumbs = [{ label: "Connections", to: { page: "connections" } as Route }];
  if (!connection)
    return (
      <ConnectionsLayout title="Connection" crumbs={crumbs} onNavigate={onNavigate} onSignOut={onSignOut} testId="connection-page">
        {loadError ? <pre className="error-box">{loadError}</pre> : <p className="muted">Loading…</p>}
      </ConnectionsLayout>
    );

  const connector = connectors?.find((c) => c.id === connection.connector);
  return (
    <ConnectionsLayout
      title={connection.name}
      crumbs={crumbs}
      onNavigate={onNavigate}
      onSignOut={onSignOut}
      testId="connection-page"
      actions={<span className="muted">a {connection.connectorName} connection</span>}
    >
      {message && (
        <div className={`banner ${message.kind}`} role={message.kind === "error" ? "alert" : "status"} data-testid="banner">
          <pre>{message.text}</pre>
          <button onClick={() => setMessage(null)} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <ConnectionTabs
        tab={tab}
        onChange={(next) => {
          setTab(next);
          if (next === "mappings") setMappingsOpened(true);
          if (next === "webhooks") setWebhooksOpened(true);
        }}
      />
      <div className="connection-grid" role="tabpanel" id={panelId("overview")} aria-labelledby={tabId("overview")} hidden={tab !== "overview"}>
        <div className="column">
          <StatusPanel connection={connection} onCheck={() => attempt(async () => updated(await api.checkConnection(connection.id)))} />
          <SyncPanel connection={connection} view={sync.view} error={sync.viewError} onRequest={sync.request} />
          <SyncHistoryPanel runs={sync.runs} current={sync.view?.current} error={sync.historyError} />
        </div>
        <div className="column">
          <DetailsPanel api={api} connection={connection} onUpdated={updated} />
          <CredentialsPanel api={api} connection={connection} connector={connector} onUpdated={updated} />
          <TokensPanel api={api} connectionId={connection.id} />
          <StatusHistoryPanel changes={changes} error={historyError} />
          <ManagePanel
            connection={connection}
            onSetEnabled={(enabled) => attempt(async () => updated(await api.setConnectionEnabled(connection.id, enabled)))}
            onDelete={() =>
              attempt(async () => {
                await api.deleteConnection(connection.id);
                onNavigate({ page: "connections" });
              })
            }
          />
        </div>
      </div>
      <div role="tabpanel" id={panelId("mappings")} aria-labelledby={tabId("mappings")} hidden={tab !== "mappings"}>
        {mappingsOpened && <MappingsPanel api={api} connectionId={connection.id} />}
      </div>
      <div role="tabpanel" id={panelId("webhooks")} aria-labelledby={tabId("webhooks")} hidden={tab !== "webhooks"}>
        {webhooksOpened && <WebhooksPanel api={api} connectionId={connection.id} />}
      </div>
    </ConnectionsLayout>
  );
}
