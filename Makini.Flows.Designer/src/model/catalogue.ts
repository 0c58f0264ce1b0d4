import type { ConnectorSummary } from "../api/connectionTypes";

export const CATEGORIES = ["CMMS", "EAM", "ERP"] as const;

function searchableText(connector: ConnectorSummary): string {
  return [connector.name, connector.vendor, connector.id, connector.category, connector.description ?? ""].join(" ").toLowerCase();
}

/**
 * The connectors matching every word of the search (in name, vendor, id, category or description) and the
 * category ("" for all), ordered with name matches first, then by name.
 */
export function filterConnectors(connectors: readonly ConnectorSummary[], search: string, category: string): ConnectorSummary[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const nameHits = (c: ConnectorSummary) => words.filter((w) => c.name.toLowerCase().includes(w)).length;
  return connectors
    .filter((c) => category === "" || c.category.toUpperCase() === category.toUpperCase())
    .filter((c) => {
      const text = searchableText(c);
      return words.every((w) => text.includes(w));
    })
    .sort((a, b) => nameHits(b) - nameHits(a) || a.name.localeCompare(b.name, "en", { sensitivity: "base" }));
}

const AUTHENTICATION: Record<string, string> = {
  basic: "username and password (HTTP Basic)",
  header: "an API key in a request header",
  bearer: "a bearer token",
  session: "a sign-in session (login, then a session token)",
  oauth2ClientCredentials: "OAuth 2 client credentials",
  hmacSignedUrl: "signed requests (HMAC-SHA256)",
};

/** How a connector signs in, in words (an unknown type is shown as it is). */
export function authenticationLabel(type: string): string {
  return AUTHENTICATION[type] ?? type;
}
