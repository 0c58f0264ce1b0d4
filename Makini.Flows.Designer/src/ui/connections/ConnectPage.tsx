import type { Api } from "../../api/client";
import type { Connection } from "../../api/connectionTypes";
import type { Route } from "../routes";
import { ConnectForm } from "./ConnectForm";
import { ConnectionsLayout } from "./ConnectionsLayout";
import { ConnectorFacts } from "./ConnectorFacts";
import { useConnectors } from "./useConnectors";

interface Props {
  api: Api;
  connectorId: string;
  onNavigate: (route: Route, replace?: boolean) => void;
  onSignOut: () => void;
}

/** /connectors/{id}/connect: what the system is, and the form that connects it. */
export function ConnectPage({ api, connectorId, onNavigate, onSignOut }: Props) {
  const { connectors, error } = useConnectors(api);
  const connector = connectors?.find((c) => c.id === connectorId);
  const crumbs = [
    { label: "Connections", to: { page: "connections" } as Route },
    { label: "Connect a system", to: { page: "catalogue" } as Route },
  ];
  return (
    <ConnectionsLayout
      title={connector ? `Connect ${connector.name}` : "Connect a system"}
      crumbs={crumbs}
      onNavigate={onNavigate}
      onSignOut={onSignOut}
      testId="connect-page"
    >
      {error && <pre className="error-box">{error}</pre>}
      {!connectors && !error && <p className="muted">Loading the connector…</p>}
      {connectors && !connector && (
        <p className="error-box">
          There is no connector '{connectorId}' on this server. Pick one from the catalogue.
        </p>
      )}
      {connector && (
        <div className="connect-layout">
          <ConnectForm
            api={api}
            connector={connector}
            onConnected={(connection: Connection) => onNavigate({ page: "connection", id: connection.id }, true)}
            onCancel={() => onNavigate({ page: "catalogue" })}
          />
          <ConnectorFacts connector={connector} />
        </div>
      )}
    </ConnectionsLayout>
  );
}
