import type { ConnectionWebhookChoices, ConnectionWebhookEndpoint, ConnectionWebhooks, NewWebhookEndpoint } from "../api/webhookTypes";

// The Webhooks tab's checkboxes as state: per endpoint, the types the connection chose itself (those its endpoint
// rules for all connections send are not the connection's to change), and the PUT body of what changed.

/** Endpoint id → the types the connection itself chose for it (never those sent for every connection). */
export type Choices = Readonly<Record<string, readonly string[]>>;

/** The connection's own types for an endpoint: what reaches it, less what is sent for every connection. */
export function ownTypes(endpoint: ConnectionWebhookEndpoint): string[] {
  const forAll = new Set(endpoint.fromAllConnections);
  return endpoint.eventTypes.filter((t) => !forAll.has(t));
}

export function choicesOf(view: ConnectionWebhooks): Choices {
  return Object.fromEntries(view.endpoints.map((e) => [e.endpointId, ownTypes(e)]));
}

/** The draft after another look at the server: endpoints it already had keep their draft, new ones start as stored. */
export function keepDraft(view: ConnectionWebhooks, draft: Choices): Choices {
  return Object.fromEntries(view.endpoints.map((e) => [e.endpointId, draft[e.endpointId] ?? ownTypes(e)]));
}

/** The choices with one type checked or unchecked for one endpoint. */
export function withChoice(choices: Choices, endpointId: string, type: string, checked: boolean): Choices {
  const current = choices[endpointId] ?? [];
  const next = checked ? (current.includes(type) ? current : [...current, type]) : current.filter((t) => t !== type);
  return { ...choices, [endpointId]: next };
}

/** The types shown checked for an endpoint: the connection's choice and those sent for every connection. */
export function checkedTypes(endpoint: ConnectionWebhookEndpoint, choices: Choices): Set<string> {
  return new Set([...(choices[endpoint.endpointId] ?? ownTypes(endpoint)), ...endpoint.fromAllConnections]);
}

function sameTypes(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((t) => right.has(t));
}

/** The ids of the endpoints whose checkboxes differ from what the server holds. */
export function changedEndpoints(view: ConnectionWebhooks, choices: Choices): string[] {
  return view.endpoints
    .filter((e) => choices[e.endpointId] !== undefined && !sameTypes(choices[e.endpointId], ownTypes(e)))
    .map((e) => e.endpointId);
}

/** The PUT body: the changed endpoints only, each with its types in the order the server lists them. */
export function choicesBody(view: ConnectionWebhooks, choices: Choices): ConnectionWebhookChoices {
  const order = new Map(view.eventTypes.map((t, i) => [t, i]));
  const rank = (t: string) => order.get(t) ?? Number.MAX_SAFE_INTEGER;
  return {
    endpoints: changedEndpoints(view, choices).map((endpointId) => ({
      endpointId,
      eventTypes: [...new Set(choices[endpointId])].sort((a, b) => rank(a) - rank(b)),
    })),
  };
}

/** The endpoint a refused PUT's pointer (/endpoints/0/eventTypes/2) is about, or null. */
export function endpointOfPointer(body: ConnectionWebhookChoices, pointer: string | undefined): string | null {
  const match = /^\/endpoints\/(\d+)(\/|$)/.exec(pointer ?? "");
  return match ? (body.endpoints[Number(match[1])]?.endpointId ?? null) : null;
}

export interface NewEndpointForm {
  url: string;
  description: string;
  eventTypes: readonly string[];
}

export type NewEndpointField = "url" | "description" | "eventTypes";

export type NewEndpointCheck =
  | { body: NewWebhookEndpoint; problem?: undefined }
  | { body?: undefined; problem: { field: NewEndpointField; message: string } };

/** The POST /api/webhooks body of the form (one rule, for this connection), or what is wrong with it first. */
export function newEndpointBody(connectionId: string, form: NewEndpointForm): NewEndpointCheck {
  const url = form.url.trim();
  let parsed: URL | null = null;
  try {
    parsed = url ? new URL(url) : null;
  } catch {
    parsed = null;
  }
  if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:"))
    return { problem: { field: "url", message: "Enter the endpoint's address: an http or https URL, e.g. https://example.com/hooks." } };
  if (form.eventTypes.length === 0)
    return { problem: { field: "eventTypes", message: "Choose at least one event type for this connection to send." } };
  const description = form.description.trim();
  return {
    body: {
      url,
      description: description === "" ? null : description,
      rules: [{ eventTypes: [...new Set(form.eventTypes)], connectionIds: [connectionId] }],
    },
  };
}

/** The form field a refused POST's pointer is about (/url, /description, /rules/0/eventTypes/1), or null. */
export function newEndpointField(pointer: string | undefined): NewEndpointField | null {
  if (!pointer) return null;
  if (pointer === "/url") return "url";
  if (pointer === "/description") return "description";
  if (/^\/rules(\/\d+)?\/eventTypes(\/|$)/.test(pointer)) return "eventTypes";
  return null;
}
