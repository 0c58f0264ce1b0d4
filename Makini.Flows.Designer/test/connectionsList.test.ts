import { describe, expect, it } from "vitest";
import type { PageMeta } from "../src/api/connectionTypes";
import { authenticationLabel, filterConnectors } from "../src/model/catalogue";
import { locationOf, queryFromLocation } from "../src/model/connectionQuery";
import { relativeTime, statusLabel } from "../src/model/connectionStatus";
import { pageSummary, pageTargets } from "../src/model/paging";
import { pathOf, routeOf, type Route } from "../src/ui/routes";
import { connector } from "./connectorFixtures";

const catalogue = [
  connector("upkeep", "UpKeep", "UpKeep Technologies", "CMMS", "Work orders and assets"),
  connector("maximo", "IBM Maximo", "IBM", "EAM", "Enterprise asset management over OSLC"),
  connector("demo-cmms", "Demo CMMS", "Makini", "CMMS", "A small maintenance system hosted by this server"),
  connector("sap-pm", "SAP Plant Maintenance", "SAP", "ERP", "Maintenance orders from SAP"),
];
const names = (list: { name: string }[]) => list.map((c) => c.name);

describe("the connector catalogue", () => {
  it("lists everything by name without a search", () => {
    expect(names(filterConnectors(catalogue, "", ""))).toEqual(["Demo CMMS", "IBM Maximo", "SAP Plant Maintenance", "UpKeep"]);
  });

  it("matches every word in name, vendor, id or description, names first", () => {
    expect(names(filterConnectors(catalogue, "ibm", ""))).toEqual(["IBM Maximo"]);
    expect(names(filterConnectors(catalogue, "demo", ""))).toEqual(["Demo CMMS"]);
    expect(names(filterConnectors(catalogue, "maintenance", ""))).toEqual(["SAP Plant Maintenance", "Demo CMMS"]);
    expect(names(filterConnectors(catalogue, "maintenance sap", ""))).toEqual(["SAP Plant Maintenance"]);
    expect(filterConnectors(catalogue, "nothing-like-this", "")).toEqual([]);
  });

  it("filters by category", () => {
    expect(names(filterConnectors(catalogue, "", "CMMS"))).toEqual(["Demo CMMS", "UpKeep"]);
    expect(names(filterConnectors(catalogue, "", "EAM"))).toEqual(["IBM Maximo"]);
    expect(names(filterConnectors(catalogue, "work", "ERP"))).toEqual([]);
  });

  it("says how a connector signs in", () => {
    expect(authenticationLabel("session")).toBe("a sign-in session (login, then a session token)");
    expect(authenticationLabel("custom")).toBe("custom");
  });
});

describe("the connections list", () => {
  const meta = (current_page: number, total: number): PageMeta => {
    const last_page = Math.max(1, Math.ceil(total / 25));
    const from = total === 0 ? null : (current_page - 1) * 25 + 1;
    return { current_page, last_page, total, per_page: 25, path: "/api/connections", from, to: from === null ? null : Math.min(total, current_page * 25) };
  };

  it("pages from the meta", () => {
    expect(pageTargets(meta(1, 60))).toEqual({ first: null, prev: null, next: 2, last: 3 });
    expect(pageTargets(meta(2, 60))).toEqual({ first: 1, prev: 1, next: 3, last: 3 });
    expect(pageTargets(meta(3, 60))).toEqual({ first: 1, prev: 2, next: null, last: null });
    expect(pageTargets(meta(1, 0))).toEqual({ first: null, prev: null, next: null, last: null });
    expect(pageSummary(meta(2, 60))).toBe("26–50 of 60");
    expect(pageSummary(meta(1, 0))).toBeNull();
  });

  it("keeps its page, search and status in the address bar", () => {
    expect(queryFromLocation("?page=3&search=acme&status=offline")).toEqual({ page: 3, search: "acme", status: "offline" });
    expect(queryFromLocation("?page=-2&status=sleeping")).toEqual({ page: 1, search: "", status: "" });
    expect(locationOf({ page: 1, search: "", status: "" })).toBe("");
    expect(locationOf({ page: 2, search: "plant 4", status: "auth_required" })).toBe("?page=2&search=plant+4&status=auth_required");
  });

  it("names statuses and times in words", () => {
    expect(statusLabel("online")).toBe("Online");
    expect(statusLabel("auth_required")).toBe("Sign-in needed");
    expect(statusLabel("paused_by_vendor")).toBe("paused by vendor");
    const now = Date.parse("2026-03-10T12:00:00Z");
    expect(relativeTime("2026-03-10T11:59:50Z", now)).toBe("just now");
    expect(relativeTime("2026-03-10T11:55:00Z", now)).toBe("5 minutes ago");
    expect(relativeTime("2026-03-10T09:00:00Z", now)).toBe("3 hours ago");
    expect(relativeTime("2026-03-09T12:00:00Z", now)).toBe("yesterday");
    expect(relativeTime(null, now)).toBe("never");
  });
});

describe("designer routes", () => {
  it.each<[string, Route]>([
    ["/", { page: "list" }],
    ["/flows/a%20b", { page: "flow", id: "a b" }],
    ["/connections", { page: "connections" }],
    ["/connections/conn_1", { page: "connection", id: "conn_1" }],
    ["/connectors", { page: "catalogue" }],
    ["/connectors/demo-cmms/connect", { page: "connect", connector: "demo-cmms" }],
  ])("%s", (path, route) => {
    expect(routeOf(path)).toEqual(route);
    expect(pathOf(route)).toBe(path);
  });

  it("sends unknown paths to the flows", () => {
    expect(routeOf("/somewhere/else")).toEqual({ page: "list" });
  });
});
