import type { WebhookDeliveryDetail } from "../api/webhookTypes";

// A test send's delivery as the Webhooks tab shows it, and how long the tab keeps reading it.

/** Between two reads of a test delivery. */
export const TEST_POLL_MS = 1_000;
/** Reads before the tab stops waiting (a failing receiver is retried minutes later, not watched). */
export const TEST_POLLS = 15;

/** Delivered, failed or cancelled: nothing more will happen without a redelivery. */
export function deliverySettled(detail: WebhookDeliveryDetail): boolean {
  return detail.delivery.status !== "Pending";
}

/** The HTTP status the receiver last answered, if it answered. */
export function responseCode(detail: WebhookDeliveryDetail): number | null {
  const last = detail.attempts[detail.attempts.length - 1];
  return detail.delivery.lastStatusCode ?? last?.statusCode ?? null;
}

function answered(detail: WebhookDeliveryDetail): string {
  const code = responseCode(detail);
  const error = detail.delivery.lastError ?? detail.attempts[detail.attempts.length - 1]?.error;
  const parts = [code === null ? "no answer" : `HTTP ${code}`, ...(error ? [error] : [])];
  return parts.join(": ");
}

function attemptsText(count: number): string {
  return count === 1 ? "1 attempt" : `${count} attempts`;
}

export interface DeliveryOutcome {
  /** Delivered, Failed, Cancelled, Queued, Retrying. */
  state: "delivered" | "failed" | "cancelled" | "queued" | "retrying";
  text: string;
}

/** What became of a test delivery; `waiting` while the tab still reads it again. */
export function deliveryOutcome(detail: WebhookDeliveryDetail, waiting: boolean): DeliveryOutcome {
  const { delivery } = detail;
  switch (delivery.status) {
    case "Succeeded":
      return { state: "delivered", text: `Delivered: ${answered(detail)} (${attemptsText(delivery.attempts)})` };
    case "Failed":
      return { state: "failed", text: `Failed: ${answered(detail)} (${attemptsText(delivery.attempts)})` };
    case "Cancelled":
      return { state: "cancelled", text: "Cancelled: the endpoint was disabled before it was sent" };
  }
  if (delivery.attempts === 0)
    return { state: "queued", text: waiting ? "Queued, waiting to be sent…" : "Still queued: not sent yet (see the endpoint's deliveries later)" };
  const retry = delivery.nextAttemptAt ? ` The server tries again at ${new Date(delivery.nextAttemptAt).toLocaleTimeString()}.` : "";
  return { state: "retrying", text: `Not delivered yet: ${answered(detail)} (${attemptsText(delivery.attempts)}).${retry}` };
}
