import { useId, useMemo, useState } from "react";
import type { Api } from "../../../api/client";
import { groupEventTypes } from "../../../model/eventTypeGroups";
import { TestOutcome } from "./TestOutcome";
import { useTestSend } from "./useTestSend";

interface Props {
  api: Api;
  connectionId: string;
  endpointId: string;
  enabled: boolean;
  eventTypes: readonly string[];
}

/** "Send test": a sample event of any type to the endpoint, and what became of its delivery. */
export function TestSendControl({ api, connectionId, endpointId, enabled, eventTypes }: Props) {
  const groups = useMemo(() => groupEventTypes(eventTypes), [eventTypes]);
  const [eventType, setEventType] = useState(eventTypes[0] ?? "");
  const { state, send } = useTestSend(api, connectionId, endpointId);
  const selectId = useId();
  const busy = state.phase === "sending" || state.phase === "waiting";
  return (
    <form
      className="webhook-test"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (eventType && !busy) void send(eventType);
      }}
    >
      <div className="row">
        <label htmlFor={selectId}>Test event type</label>
        <select id={selectId} value={eventType} onChange={(e) => setEventType(e.target.value)}>
          {groups.map((group) => (
            <optgroup key={group.id} label={group.label}>
              {group.types.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button type="submit" disabled={!enabled || busy} aria-busy={busy}>
          {busy && <span className="spinner" aria-hidden="true" />}
          Send test
        </button>
        {!enabled && <span className="muted small">The endpoint is disabled: enable it to send tests.</span>}
      </div>
      <TestOutcome state={state} />
    </form>
  );
}
