import { useId, useState } from "react";
import type { Api } from "../../../api/client";
import { ProblemError, describeError } from "../../../api/problem";
import type { CreatedWebhookEndpoint } from "../../../api/webhookTypes";
import { newEndpointBody, newEndpointField, type NewEndpointField } from "../../../model/webhookChoices";
import { FormProblems } from "../FormProblems";
import { EventTypeChecklist } from "./EventTypeChecklist";

interface Props {
  api: Api;
  connectionId: string;
  eventTypes: readonly string[];
  /** No endpoint yet: the form says so. */
  first: boolean;
  onCreated: (created: CreatedWebhookEndpoint) => void;
}

type FieldErrors = Partial<Record<NewEndpointField, string>>;

/** "Add an endpoint": its URL, a description, and the event types this connection sends it to start with. */
export function NewEndpointForm({ api, connectionId, eventTypes, first, onCreated }: Props) {
  const [url, setUrl] = useState("");
  const [description, setDescription] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [other, setOther] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async () => {
    const check = newEndpointBody(connectionId, { url, description, eventTypes: chosen });
    setOther(null);
    if (check.problem) {
      setErrors({ [check.problem.field]: check.problem.message });
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const created = await api.createWebhook(check.body);
      setUrl("");
      setDescription("");
      setChosen([]);
      onCreated(created);
    } catch (e) {
      const field = e instanceof ProblemError ? newEndpointField(e.pointer) : null;
      if (field) setErrors({ [field]: describeError(e) });
      else setOther(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const invalid = (field: NewEndpointField) => (errors[field] ? { "aria-invalid": true, "aria-describedby": `${id}-${field}-error` } : {});
  const fieldError = (field: NewEndpointField) =>
    errors[field] && (
      <div id={`${id}-${field}-error`} className="field-error" role="alert">
        {errors[field]}
      </div>
    );

  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="new-webhook">
      <h3 id={`${id}-title`}>Add an endpoint</h3>
      <p className="muted small">
        {first ? "No webhook endpoint receives this connection's events yet. " : ""}
        The endpoint is called with a signed POST for each event of this connection you choose.
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-url`}>Endpoint URL</label>
          <input
            id={`${id}-url`}
            type="url"
            placeholder="https://example.com/hooks"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            {...invalid("url")}
          />
          {fieldError("url")}
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <input id={`${id}-description`} value={description} onChange={(e) => setDescription(e.target.value)} {...invalid("description")} />
          {fieldError("description")}
        </div>
        <EventTypeChecklist
          label="Event types to start with"
          types={eventTypes}
          checked={new Set(chosen)}
          onToggle={(type, on) => setChosen((current) => (on ? [...current.filter((t) => t !== type), type] : current.filter((t) => t !== type)))}
        />
        {fieldError("eventTypes")}
        <FormProblems messages={[other]} />
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
            {busy && <span className="spinner" aria-hidden="true" />}
            {busy ? "Adding…" : "Add endpoint"}
          </button>
        </div>
      </form>
    </section>
  );
}
