import { deliveryOutcome } from "../../../model/webhookDelivery";
import type { TestSendState } from "./useTestSend";

/** A test send as it goes: sending, queued, then delivered or failed with the receiver's response code. */
export function TestOutcome({ state }: { state: TestSendState }) {
  let status = "";
  let text = "";
  if (state.phase === "sending") [status, text] = ["sending", `Sending a sample ${state.eventType}…`];
  else if (state.phase === "error") [status, text] = ["error", `The test was not sent: ${state.error}`];
  else if (state.phase === "waiting" && !state.detail) [status, text] = ["queued", `${state.eventType} queued…`];
  else if (state.phase === "waiting" || state.phase === "done") {
    const outcome = deliveryOutcome(state.detail!, state.phase === "waiting");
    [status, text] = [outcome.state, `${state.eventType}: ${outcome.text}`];
  }
  return (
    <div className={`webhook-test-outcome outcome-${status}`} role="status" data-testid="webhook-test-outcome" data-status={status}>
      {text}
    </div>
  );
}
