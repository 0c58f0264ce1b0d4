import { describe, expect, it } from "vitest";
import type { ConnectionWebhooks, WebhookDeliveryDetail } from "../src/api/webhookTypes";
import { checkedCount, countText, entityLabel, groupEventTypes } from "../src/model/eventTypeGroups";
import {
  changedEndpoints,
  checkedTypes,
  choicesBody,
  choicesOf,
  endpointOfPointer,
  keepDraft,
  newEndpointBody,
  newEndpointField,
  ownTypes,
  withChoice,
} from "../src/model/webhookChoices";
import { deliveryOutcome, deliverySettled, responseCode } from "../src/model/webhookDelivery";

const TYPES = [
  "sync.completed",
  "sync.failed",
  "connection.auth_required",
  "connection.status_changed",
  "system.error",
  "work-order.inserted",
  "work-order.updated",
  "work-order.deleted",
  "asset.inserted",
  "asset.updated",
  "asset.deleted",
];

const view = (): ConnectionWebhooks => ({
  connectionId: "con_1",
  eventTypes: TYPES,
  endpoints: [
    {
      endpointId: "wh_a",
      url: "https://a.example/hooks",
      description: "A",
      enabled: true,
      eventTypes: ["sync.failed", "system.error"],
      fromAllConnections: ["system.error"],
    },
    { endpointId: "wh_b", url: "https://b.example/hooks", enabled: false, eventTypes: [], fromAllConnections: [] },
  ],
});

describe("event type groups", () => {
  it("puts sync, connection and system first, then one group per entity in the server's order", () => {
    const groups = groupEventTypes(TYPES);
    expect(groups.map((g) => g.id)).toEqual(["sync", "connection", "system", "entity:work-order", "entity:asset"]);
    expect(groups.map((g) => g.entity)).toEqual([false, false, false, true, true]);
    expect(groups[3]).toMatchObject({ label: "Work order", types: ["work-order.inserted", "work-order.updated", "work-order.deleted"] });
    expect(groups[0].types).toEqual(["sync.completed", "sync.failed"]);
  });

  it("leaves out empty groups and keeps an unknown prefix as a group of its own", () => {
    const groups = groupEventTypes(["flow.run.failed", "sync.failed", "purchase-order.updated"]);
    expect(groups.map((g) => [g.id, g.label])).toEqual([
      ["sync", "Sync"],
      ["flow", "Flow"],
      ["entity:purchase-order", "Purchase order"],
    ]);
  });

  it("counts the checked types of a group", () => {
    const [sync] = groupEventTypes(TYPES);
    const checked = new Set(["sync.failed", "system.error"]);
    expect(checkedCount(sync, checked)).toBe(1);
    expect(countText(sync, checked)).toBe("1 of 2 chosen");
    expect(entityLabel("work_order")).toBe("Work order");
    expect(entityLabel("pm")).toBe("PM");
  });
});

describe("webhook choices", () => {
  it("holds the connection's own types, not those sent for every connection", () => {
    const choices = choicesOf(view());
    expect(ownTypes(view().endpoints[0])).toEqual(["sync.failed"]);
    expect(choices).toEqual({ wh_a: ["sync.failed"], wh_b: [] });
    expect([...checkedTypes(view().endpoints[0], choices)].sort()).toEqual(["sync.failed", "system.error"]);
  });

  it("puts only the changed endpoints in the PUT body, types in the server's order", () => {
    let choices = choicesOf(view());
    expect(choicesBody(view(), choices)).toEqual({ endpoints: [] });
    choices = withChoice(choices, "wh_b", "work-order.updated", true);
    choices = withChoice(choices, "wh_b", "sync.completed", true);
    choices = withChoice(choices, "wh_b", "sync.completed", true);
    expect(changedEndpoints(view(), choices)).toEqual(["wh_b"]);
    expect(choicesBody(view(), choices)).toEqual({ endpoints: [{ endpointId: "wh_b", eventTypes: ["sync.completed", "work-order.updated"] }] });
    choices = withChoice(choices, "wh_a", "sync.failed", false);
    expect(choicesBody(view(), choices).endpoints).toEqual([
      { endpointId: "wh_a", eventTypes: [] },
      { endpointId: "wh_b", eventTypes: ["sync.completed", "work-order.updated"] },
    ]);
  });

  it("an endpoint checked back to what is stored is not changed", () => {
    let choices = withChoice(choicesOf(view()), "wh_a", "sync.failed", false);
    choices = withChoice(choices, "wh_a", "sync.failed", true);
    expect(changedEndpoints(view(), choices)).toEqual([]);
  });

  it("keeps the draft of known endpoints when the server adds one", () => {
    const draft = withChoice(choicesOf(view()), "wh_a", "sync.completed", true);
    const next = view();
    next.endpoints.push({ endpointId: "wh_c", url: "https://c.example", enabled: true, eventTypes: ["sync.failed"], fromAllConnections: [] });
    expect(keepDraft(next, draft)).toEqual({ wh_a: ["sync.failed", "sync.completed"], wh_b: [], wh_c: ["sync.failed"] });
  });

  it("finds the endpoint a refused PUT points at", () => {
    const body = { endpoints: [{ endpointId: "wh_a", eventTypes: ["x"] }] };
    expect(endpointOfPointer(body, "/endpoints/0/eventTypes/0")).toBe("wh_a");
    expect(endpointOfPointer(body, "/endpoints/3")).toBeNull();
    expect(endpointOfPointer(body, "/endpoints")).toBeNull();
    expect(endpointOfPointer(body, undefined)).toBeNull();
  });
});

describe("a new endpoint", () => {
  it("is one rule for this connection", () => {
    expect(newEndpointBody("con_1", { url: " https://x.example/h ", description: "  ", eventTypes: ["sync.failed", "sync.failed"] })).toEqual({
      body: { url: "https://x.example/h", description: null, rules: [{ eventTypes: ["sync.failed"], connectionIds: ["con_1"] }] },
    });
    expect(newEndpointBody("con_1", { url: "http://127.0.0.1:5000/", description: "Ops", eventTypes: ["sync.failed"] }).body?.description).toBe("Ops");
  });

  it("needs an http(s) URL and a type", () => {
    expect(newEndpointBody("c", { url: "", description: "", eventTypes: ["sync.failed"] }).problem?.field).toBe("url");
    expect(newEndpointBody("c", { url: "ftp://x", description: "", eventTypes: ["sync.failed"] }).problem?.field).toBe("url");
    expect(newEndpointBody("c", { url: "not a url", description: "", eventTypes: ["sync.failed"] }).problem?.field).toBe("url");
    expect(newEndpointBody("c", { url: "https://x", description: "", eventTypes: [] }).problem?.field).toBe("eventTypes");
  });

  it("maps the server's pointers to the form's fields", () => {
    expect(newEndpointField("/url")).toBe("url");
    expect(newEndpointField("/description")).toBe("description");
    expect(newEndpointField("/rules/0/eventTypes/1")).toBe("eventTypes");
    expect(newEndpointField("/rules/0/connectionIds/0")).toBeNull();
    expect(newEndpointField(undefined)).toBeNull();
  });
});

describe("a test delivery", () => {
  const detail = (status: string, attempts: number, code: number | null, error: string | null = null): WebhookDeliveryDetail => ({
    delivery: {
      id: "d1",
      endpointId: "wh_a",
      eventType: "sync.failed",
      status,
      attempts,
      lastStatusCode: code,
      lastError: error,
      nextAttemptAt: status === "Pending" && attempts > 0 ? "2030-01-01T10:00:00Z" : null,
      createdAt: "2030-01-01T09:00:00Z",
      updatedAt: "2030-01-01T09:00:00Z",
    },
    payload: {},
    attempts: Array.from({ length: attempts }, (_, i) => ({
      number: i + 1,
      startedAt: "2030-01-01T09:00:00Z",
      durationMs: 5,
      statusCode: code,
      succeeded: status === "Succeeded",
      error,
    })),
  });

  it("is settled once delivered, failed or cancelled", () => {
    expect(deliverySettled(detail("Pending", 0, null))).toBe(false);
    expect(deliverySettled(detail("Pending", 1, 500))).toBe(false);
    expect(["Succeeded", "Failed", "Cancelled"].map((s) => deliverySettled(detail(s, 1, 200)))).toEqual([true, true, true]);
  });

  it("says how it went with the response code", () => {
    expect(deliveryOutcome(detail("Succeeded", 1, 200), false)).toEqual({ state: "delivered", text: "Delivered: HTTP 200 (1 attempt)" });
    expect(deliveryOutcome(detail("Failed", 3, 410, "Gone"), false)).toEqual({ state: "failed", text: "Failed: HTTP 410: Gone (3 attempts)" });
    expect(deliveryOutcome(detail("Failed", 1, null, "connection refused"), false).text).toBe("Failed: no answer: connection refused (1 attempt)");
    expect(deliveryOutcome(detail("Cancelled", 0, null), false).state).toBe("cancelled");
    expect(deliveryOutcome(detail("Pending", 0, null), true).text).toMatch(/^Queued/);
    expect(deliveryOutcome(detail("Pending", 0, null), false).text).toMatch(/^Still queued/);
    const retrying = deliveryOutcome(detail("Pending", 1, 503), true);
    expect(retrying.state).toBe("retrying");
    expect(retrying.text).toMatch(/^Not delivered yet: HTTP 503 \(1 attempt\)\. The server tries again at /);
  });

  it("takes the response code from the last attempt when the delivery has none", () => {
    const d = detail("Succeeded", 1, 204);
    d.delivery.lastStatusCode = null;
    expect(responseCode(d)).toBe(204);
  });
});
