// Shapes of the connections API (Makini.Flows.Server/Connections): connectors, connections, tokens.

export type ConnectorCategory = "CMMS" | "EAM" | "ERP";

export type CredentialFieldType = "url" | "text" | "email" | "password" | "number";

/** One field of a connector's connect form, as its manifest declares it. */
export interface CredentialField {
  name: string;
  label: string;
  type: CredentialFieldType;
  required?: boolean;
  secret?: boolean;
  help?: string | null;
  placeholder?: string | null;
  default?: string | null;
}

/** A connector as GET /api/connectors lists it. */
export interface ConnectorSummary {
  id: string;
  name: string;
  vendor: string;
  category: ConnectorCategory | string;
  description?: string | null;
  documentation?: string | null;
  authentication: string;
  credentials: CredentialField[];
  entities: string[];
}

export type ConnectionStatus = "online" | "offline" | "auth_required" | "disabled";

export interface Connection {
  id: string;
  name: string;
  connector: string;
  connectorName: string;
  status: ConnectionStatus;
  statusReason?: string | null;
  statusChangedAt?: string | null;
  lastCheckedAt?: string | null;
  connectedAt?: string | null;
  createdAt: string;
  updatedAt: string;
  /** Non-secret fields as stored; secret ones masked ("********"). */
  credentials: Record<string, string>;
  metadata: Record<string, string>;
}

export interface PageMeta {
  current_page: number;
  from: number | null;
  last_page: number;
  path: string;
  per_page: number;
  to: number | null;
  total: number;
}

export interface ConnectionPage {
  data: Connection[];
  links: { first?: string | null; last?: string | null; prev?: string | null; next?: string | null };
  meta: PageMeta;
}

export interface ConnectionQuery {
  page: number;
  search: string;
  status: ConnectionStatus | "";
}

export interface StatusChange {
  from: ConnectionStatus | null;
  to: ConnectionStatus;
  reason?: string | null;
  at: string;
}

export interface ConnectionToken {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt?: string | null;
}

/** The answer to creating a token: the only time the whole token is shown. */
export interface CreatedToken extends ConnectionToken {
  token: string;
}

export interface NewConnection {
  name: string;
  connector: string;
  credentials: Record<string, string>;
  metadata: Record<string, string>;
}
