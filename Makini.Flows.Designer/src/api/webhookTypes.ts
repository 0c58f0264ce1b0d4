// Shapes of the webhooks API (Makini.Flows.Server/Webhooks): a connection's choices per endpoint, endpoints as
// created, test sends and their deliveries.

/** One endpoint as a connection sees it (GET /api/connections/{id}/webhooks). */
export interface ConnectionWebhookEndpoint {
  endpointId: string;
  url: string;
  description?: string | null;
  enabled: boolean;
  /** The types this connection sends to the endpoint: its own choice and those in `fromAllConnections`. */
  eventTypes: string[];
  /** The types sent because a rule of the endpoint for all connections names them (not the connection's to change). */
  fromAllConnections: string[];
}

export interface ConnectionWebhooks {
  connectionId: string;
  /** Every event type a connection can choose. */
  eventTypes: string[];
  endpoints: ConnectionWebhookEndpoint[];
}

/** The body of PUT /api/connections/{id}/webhooks: only the endpoints listed change. */
export interface ConnectionWebhookChoices {
  endpoints: { endpointId: string; eventTypes: string[] }[];
}

/** A rule as a client writes it: these types, for these connections (absent or null: all). */
export interface WebhookRuleInput {
  eventTypes: string[];
  connectionIds?: string[] | null;
}

/** The body of POST /api/webhooks. */
export interface NewWebhookEndpoint {
  url: string;
  description?: string | null;
  rules: WebhookRuleInput[];
}

/** An endpoint as the API shows it (never its secret). */
export interface WebhookEndpoint {
  id: string;
  url: string;
  description?: string | null;
  eventTypes: string[];
  rules: WebhookRuleInput[];
  enabled: boolean;
  disabledReason?: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A new endpoint with its signing secret: the only time the secret is shown. */
export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** POST /api/connections/{id}/webhooks/test answers 202 with the delivery it queued. */
export interface TestSendAccepted {
  deliveryId: string;
  eventType: string;
}

export type DeliveryStatus = "Pending" | "Succeeded" | "Failed" | "Cancelled";

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventType: string;
  connectionId?: string | null;
  status: DeliveryStatus | string;
  attempts: number;
  nextAttemptAt?: string | null;
  lastStatusCode?: number | null;
  lastError?: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookAttempt {
  number: number;
  startedAt: string;
  durationMs: number;
  statusCode?: number | null;
  succeeded: boolean;
  error?: string | null;
  responseExcerpt?: string | null;
}

/** GET /api/webhooks/deliveries/{id}: the delivery, the body it sends, and every attempt so far. */
export interface WebhookDeliveryDetail {
  delivery: WebhookDelivery;
  payload: unknown;
  attempts: WebhookAttempt[];
}
