import { useState } from "react";
import type { Api } from "../../api/client";
import type { Connection, ConnectorSummary } from "../../api/connectionTypes";
import { credentialProblems, credentialsToSend, initialValues } from "../../model/credentialForm";
import { metadataRecord, type MetadataRow } from "../../model/metadata";
import { CheckFailureBox } from "./CheckFailureBox";
import { CredentialInputs } from "./CredentialInputs";
import { FormProblems } from "./FormProblems";
import { MetadataEditor } from "./MetadataEditor";
import { RequiredMark } from "./RequiredMark";
import { SaveButton } from "./SaveButton";
import { useTestAndSave } from "./useTestAndSave";

interface Props {
  api: Api;
  connector: ConnectorSummary;
  onConnected: (connection: Connection) => void;
  onCancel: () => void;
}

/** The connect form generated from a connector's credential fields: checked by the server before anything is stored. */
export function ConnectForm({ api, connector, onConnected, onCancel }: Props) {
  const fields = connector.credentials;
  const [name, setName] = useState(connector.name);
  const [values, setValues] = useState(() => initialValues(fields));
  const [rows, setRows] = useState<MetadataRow[]>([]);
  const attempt = useTestAndSave(fields.map((f) => f.name));
  const { errors } = attempt;

  const submit = () => {
    const metadata = metadataRecord(rows);
    void attempt.run(
      {
        name: name.trim() === "" ? "Give the connection a name." : undefined,
        credentials: credentialProblems(fields, values),
        metadata: "problem" in metadata ? metadata.problem : undefined,
        other: [],
      },
      () =>
        api.createConnection({
          name: name.trim(),
          connector: connector.id,
          credentials: credentialsToSend(fields, values),
          metadata: "metadata" in metadata ? metadata.metadata : {},
        }),
      onConnected,
    );
  };

  return (
    <form
      className="connect-form"
      ref={attempt.form}
      noValidate
      aria-busy={attempt.busy}
      data-testid="connect-form"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <div className="label-line">
          <label htmlFor="connection-name">Connection name</label>
          <RequiredMark />
        </div>
        <input
          id="connection-name"
          value={name}
          aria-required
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={errors.name ? "connection-name-error" : "connection-name-help"}
          onChange={(e) => setName(e.target.value)}
        />
        {errors.name ? (
          <div id="connection-name-error" className="field-error">
            {errors.name}
          </div>
        ) : (
          <div id="connection-name-help" className="hint">
            How this connection is listed, e.g. the customer or the site it serves.
          </div>
        )}
      </div>
      <CredentialInputs
        idPrefix="credential"
        fields={fields}
        values={values}
        errors={errors.credentials}
        mode="create"
        focusFirstEmpty
        onChange={(field, value) => {
          setValues((current) => ({ ...current, [field]: value }));
          attempt.clearCredentialError(field);
        }}
      />
      <MetadataEditor rows={rows} error={errors.metadata} onChange={setRows} />
      <FormProblems messages={[...errors.other, attempt.problem]} />
      {attempt.failure && <CheckFailureBox failure={attempt.failure} note="Nothing was saved." />}
      <div className="form-actions">
        <SaveButton busy={attempt.busy} label="Test and save" busyLabel="Testing the connection…" />
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <span className="muted small">The connection is saved only when {connector.name} accepts these credentials.</span>
      </div>
    </form>
  );
}
