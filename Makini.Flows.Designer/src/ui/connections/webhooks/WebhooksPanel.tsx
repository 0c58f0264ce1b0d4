import { useCallback, useEffect, useState } from "react";
import type { Api } from "../../../api/client";
import { ProblemError, describeError } from "../../../api/problem";
import type { ConnectionWebhooks, CreatedWebhookEndpoint } from "../../../api/webhookTypes";
import {
  changedEndpoints,
  checkedTypes,
  choicesBody,
  choicesOf,
  endpointOfPointer,
  keepDraft,
  withChoice,
  type Choices,
} from "../../../model/webhookChoices";
import { EndpointCard } from "./EndpointCard";
import { NewEndpointForm } from "./NewEndpointForm";
import { WebhookSecretBox } from "./WebhookSecretBox";
import { WebhooksToolbar } from "./WebhooksToolbar";

type Saving = { kind: "idle" } | { kind: "busy" } | { kind: "saved" } | { kind: "error"; endpointId: string | null; text: string };

/**
 * The connection's Webhooks tab: per endpoint the event types this connection sends it (saved together, only the
 * endpoints changed), a test send per endpoint, and a form to add an endpoint whose secret is shown once.
 */
export function WebhooksPanel({ api, connectionId }: { api: Api; connectionId: string }) {
  const [view, setView] = useState<ConnectionWebhooks | null>(null);
  const [draft, setDraft] = useState<Choices>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [saving, setSaving] = useState<Saving>({ kind: "idle" });
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);

  const load = useCallback(
    (keep: boolean) =>
      api.connectionWebhooks(connectionId).then(
        (next) => {
          setView(next);
          setDraft((current) => (keep ? keepDraft(next, current) : choicesOf(next)));
          setLoadError(null);
        },
        (e) => setLoadError(describeError(e)),
      ),
    [api, connectionId],
  );
  useEffect(() => void load(false), [load]);

  if (!view)
    return loadError ? (
      <pre className="error-box" role="alert">
        {loadError}
      </pre>
    ) : (
      <p className="muted">Loading…</p>
    );

  const changed = changedEndpoints(view, draft);
  const save = async () => {
    const body = choicesBody(view, draft);
    if (body.endpoints.length === 0) return;
    setSaving({ kind: "busy" });
    try {
      const next = await api.saveConnectionWebhooks(connectionId, body);
      setView(next);
      setDraft(choicesOf(next));
      setSaving({ kind: "saved" });
    } catch (e) {
      const endpointId = e instanceof ProblemError ? endpointOfPointer(body, e.pointer) : null;
      setSaving({ kind: "error", endpointId, text: describeError(e) });
    }
  };
  const added = (next: CreatedWebhookEndpoint) => {
    setCreated(next);
    void load(true);
  };

  return (
    <div className="webhooks" data-testid="webhooks">
      {loadError && (
        <pre className="error-box" role="alert">
          {loadError}
        </pre>
      )}
      {view.endpoints.length > 0 && (
        <WebhooksToolbar
          changed={changed.length}
          busy={saving.kind === "busy"}
          saved={saving.kind === "saved" && changed.length === 0}
          error={saving.kind === "error" && !saving.endpointId ? saving.text : null}
          onSave={() => void save()}
          onDiscard={() => {
            setDraft(choicesOf(view));
            setSaving({ kind: "idle" });
          }}
        />
      )}
      {view.endpoints.map((endpoint) => (
        <EndpointCard
          key={endpoint.endpointId}
          api={api}
          connectionId={connectionId}
          endpoint={endpoint}
          eventTypes={view.eventTypes}
          checked={checkedTypes(endpoint, draft)}
          changed={changed.includes(endpoint.endpointId)}
          error={saving.kind === "error" && saving.endpointId === endpoint.endpointId ? saving.text : null}
          onToggle={(type, on) => {
            setDraft((current) => withChoice(current, endpoint.endpointId, type, on));
            if (saving.kind === "saved") setSaving({ kind: "idle" });
          }}
        />
      ))}
      {created && <WebhookSecretBox created={created} onDone={() => setCreated(null)} />}
      <NewEndpointForm api={api} connectionId={connectionId} eventTypes={view.eventTypes} first={view.endpoints.length === 0} onCreated={added} />
    </div>
  );
}
