import { useState } from "react";
import type { Api } from "../../api/client";
import type { Connection, ConnectorSummary } from "../../api/connectionTypes";
import { credentialProblems, credentialsToSend, initialValues } from "../../model/credentialForm";
import { CheckFailureBox } from "./CheckFailureBox";
import { CredentialInputs } from "./CredentialInputs";
import { FormProblems } from "./FormProblems";
import { SaveButton } from "./SaveButton";
import { useTestAndSave } from "./useTestAndSave";

interface Props {
  api: Api;
  connection: Connection;
  connector: ConnectorSummary | undefined;
  onUpdated: (connection: Connection, message: string) => void;
}

/** The stored credentials (secrets masked) and the form that replaces them once the system accepts the new ones. */
export function CredentialsPanel({ api, connection, connector, onUpdated }: Props) {
  const [editing, setEditing] = useState(false);
  const fields = connector?.credentials ?? [];
  const labelOf = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  return (
    <section className="card" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials</h2>
      {!editing && (
        <>
          <dl className="facts" data-testid="stored-credentials">
            {Object.entries(connection.credentials).map(([name, value]) => (
              <div key={name} className="fact">
                <dt>{labelOf(name)}</dt>
                <dd className="mono">{value}</dd>
              </div>
            ))}
          </dl>
          <button onClick={() => setEditing(true)} disabled={!connector} title={connector ? undefined : "The connector's fields are still loading"}>
            Update credentials
          </button>
        </>
      )}
      {editing && connector && (
        <UpdateCredentialsForm
          api={api}
          connection={connection}
          connector={connector}
          onCancel={() => setEditing(false)}
          onSaved={(updated) => {
            setEditing(false);
            onUpdated(updated, `${connector.name} accepted the new credentials; they replace the old ones.`);
          }}
        />
      )}
    </section>
  );
}

interface FormProps {
  api: Api;
  connection: Connection;
  connector: ConnectorSummary;
  onCancel: () => void;
  onSaved: (connection: Connection) => void;
}

function UpdateCredentialsForm({ api, connection, connector, onCancel, onSaved }: FormProps) {
  const fields = connector.credentials;
  const [values, setValues] = useState(() => initialValues(fields, "update", connection.credentials));
  const attempt = useTestAndSave(fields.map((f) => f.name));
  return (
    <form
      ref={attempt.form}
      noValidate
      aria-busy={attempt.busy}
      data-testid="credentials-form"
      onSubmit={(e) => {
        e.preventDefault();
        void attempt.run(
          { credentials: credentialProblems(fields, values, "update"), other: [] },
          () => api.updateCredentials(connection.id, credentialsToSend(fields, values, "update")),
          onSaved,
        );
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape" && !attempt.busy) onCancel();
      }}
    >
      <CredentialInputs
        idPrefix="update"
        fields={fields}
        values={values}
        errors={attempt.errors.credentials}
        mode="update"
        focusFirstEmpty
        onChange={(field, value) => {
          setValues((current) => ({ ...current, [field]: value }));
          attempt.clearCredentialError(field);
        }}
      />
      <FormProblems messages={[...attempt.errors.other, attempt.problem]} />
      {attempt.failure && <CheckFailureBox failure={attempt.failure} note="The stored credentials were kept." />}
      <div className="form-actions">
        <SaveButton busy={attempt.busy} label="Test and save" busyLabel="Testing the credentials…" />
        <button type="button" onClick={onCancel} disabled={attempt.busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
