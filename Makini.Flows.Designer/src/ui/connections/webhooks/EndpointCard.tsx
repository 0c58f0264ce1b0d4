import { useId } from "react";
import type { Api } from "../../../api/client";
import type { ConnectionWebhookEndpoint } from "../../../api/webhookTypes";
import { EventTypeChecklist } from "./EventTypeChecklist";
import { TestSendControl } from "./TestSendControl";

interface Props {
  api: Api;
  connectionId: string;
  endpoint: ConnectionWebhookEndpoint;
  eventTypes: readonly string[];
  checked: ReadonlySet<string>;
  changed: boolean;
  error: string | null;
  onToggle: (type: string, checked: boolean) => void;
}

/** One endpoint: its address, description and state, the connection's event types for it, and a test send. */
export function EndpointCard({ api, connectionId, endpoint, eventTypes, checked, changed, error, onToggle }: Props) {
  const titleId = useId();
  return (
    <section
      className="card webhook-endpoint"
      aria-labelledby={titleId}
      data-testid="webhook-endpoint"
      data-endpoint={endpoint.endpointId}
      data-changed={changed}
    >
      <div className="card-head">
        <h3 id={titleId} className="mono">
          {endpoint.url}
        </h3>
        {!endpoint.enabled && (
          <span className="status-badge status-disabled" data-testid="endpoint-disabled">
            Disabled
          </span>
        )}
        {changed && <span className="unsaved small">unsaved changes</span>}
      </div>
      {endpoint.description && <p className="muted">{endpoint.description}</p>}
      <EventTypeChecklist
        label={`Event types sent to ${endpoint.url}`}
        types={eventTypes}
        checked={checked}
        locked={new Set(endpoint.fromAllConnections)}
        onToggle={onToggle}
      />
      {error && (
        <pre className="error-box" role="alert">
          {error}
        </pre>
      )}
      <TestSendControl api={api} connectionId={connectionId} endpointId={endpoint.endpointId} enabled={endpoint.enabled} eventTypes={eventTypes} />
    </section>
  );
}
