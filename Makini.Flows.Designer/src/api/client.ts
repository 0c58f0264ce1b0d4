import { ProblemError } from "./problem";
import { createSseParser } from "./sse";
import type {
  Connection,
  ConnectionPage,
  ConnectionQuery,
  ConnectionToken,
  ConnectorSummary,
  CreatedToken,
  NewConnection,
  StatusChange,
} from "./connectionTypes";
import type {
  EntityMapping,
  MappingDiff,
  MappingDocument,
  MappingSaved,
  MappingsOverview,
  MappingVersion,
  MappingVersionSummary,
  PreviewRequest,
  PreviewResult,
} from "./mappingTypes";
import type { SyncRun, SyncView } from "./syncTypes";
import type {
  ConnectionWebhookChoices,
  ConnectionWebhooks,
  CreatedWebhookEndpoint,
  NewWebhookEndpoint,
  TestSendAccepted,
  WebhookDeliveryDetail,
} from "./webhookTypes";
import type {
  ActivityDescriptor,
  FlowDefinition,
  FlowDetails,
  FlowProblem,
  FlowSummary,
  JournalEntry,
  RunDetails,
  RunEvent,
  RunSummary,
  ScriptError,
  VersionSummary,
} from "./types";

const KEY_STORAGE = "makini.apiKey";

export function storedKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function storeKey(key: string | null): void {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

/** The server's API with the signed-in key sent as a bearer token on every call. */
export class Api {
  constructor(private readonly key: string) {}

  private async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("Authorization", `Bearer ${this.key}`);
    let response: Response;
    try {
      response = await fetch(path, { ...init, headers });
    } catch (error) {
      throw new ProblemError(0, "The server cannot be reached", String(error), undefined, []);
    }
    if (!response.ok) throw await ProblemError.fromResponse(response);
    return response;
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    return (await (await this.request(path, init)).json()) as T;
  }

  private send<T>(method: string, path: string, body?: string): Promise<T> {
    return this.json<T>(path, {
      method,
      body,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
    });
  }

  activities = () => this.json<ActivityDescriptor[]>("/api/activities");
  flows = (search?: string) =>
    this.json<FlowSummary[]>(`/api/flows${search ? `?search=${encodeURIComponent(search)}` : ""}`);
  flow = (id: string) => this.json<FlowDetails>(`/api/flows/${encodeURIComponent(id)}`);
  createFlow = (json: string) => this.send<FlowDetails>("POST", "/api/flows", json);
  saveDraft = (id: string, json: string) => this.send<FlowDetails>("PUT", `/api/flows/${encodeURIComponent(id)}`, json);
  deleteFlow = async (id: string) => {
    await this.request(`/api/flows/${encodeURIComponent(id)}`, { method: "DELETE" });
  };
  publish = (id: string) => this.send<VersionSummary>("POST", `/api/flows/${encodeURIComponent(id)}/publish`);
  versions = (id: string) => this.json<VersionSummary[]>(`/api/flows/${encodeURIComponent(id)}/versions`);
  version = (id: string, version: number) =>
    this.json<FlowDefinition>(`/api/flows/${encodeURIComponent(id)}/versions/${version}`);
  revert = (id: string, version: number) =>
    this.send<FlowDetails>("POST", `/api/flows/${encodeURIComponent(id)}/versions/${version}/revert`);
  exportFlow = async (id: string) =>
    (await this.request(`/api/flows/${encodeURIComponent(id)}/export`)).text();
  importFiles = async (files: readonly File[]) => {
    const form = new FormData();
    for (const file of files) form.append("files", file, file.name);
    return this.json<{ imported: string[]; published: string[] }>("/api/flows/import", { method: "POST", body: form });
  };
  validate = (json: string) => this.send<{ problems: FlowProblem[] }>("POST", "/api/flows/validate", json);
  validateExpression = (language: "js" | "cs", source: string, flow: FlowDefinition) =>
    this.send<{ problems: ScriptError[] }>("POST", "/api/expressions/validate", JSON.stringify({ language, source, flow }));
  startRun = (flowId: string, inputJson: string) =>
    this.send<RunDetails>("POST", `/api/flows/${encodeURIComponent(flowId)}/runs`, inputJson);
  runs = (flowId: string) => this.json<RunSummary[]>(`/api/runs?flowId=${encodeURIComponent(flowId)}&limit=50`);
  run = (id: string) => this.json<RunDetails>(`/api/runs/${encodeURIComponent(id)}`);
  journal = (id: string) => this.json<JournalEntry[]>(`/api/runs/${encodeURIComponent(id)}/journal`);
  retry = (id: string) => this.send<RunDetails>("POST", `/api/runs/${encodeURIComponent(id)}/retry`);

  connectors = () => this.json<ConnectorSummary[]>("/api/connectors");
  connections = (query: ConnectionQuery, perPage: number) => {
    const params = new URLSearchParams({ page: String(query.page), per_page: String(perPage) });
    if (query.search) params.set("search", query.search);
    if (query.status) params.set("status", query.status);
    return this.json<ConnectionPage>(`/api/connections?${params}`);
  };
  connection = (id: string) => this.json<Connection>(connectionPath(id));
  createConnection = (body: NewConnection) => this.send<Connection>("POST", "/api/connections", JSON.stringify(body));
  updateConnection = (id: string, patch: { name?: string; metadata?: Record<string, string> }) =>
    this.send<Connection>("PATCH", connectionPath(id), JSON.stringify(patch));
  updateCredentials = (id: string, credentials: Record<string, string>) =>
    this.send<Connection>("PUT", `${connectionPath(id)}/credentials`, JSON.stringify({ credentials }));
  checkConnection = (id: string) => this.send<Connection>("POST", `${connectionPath(id)}/check`);
  setConnectionEnabled = (id: string, enabled: boolean) =>
    this.send<Connection>("POST", `${connectionPath(id)}/${enabled ? "enable" : "disable"}`);
  deleteConnection = async (id: string) => {
    await this.request(connectionPath(id), { method: "DELETE" });
  };
  statusHistory = (id: string) => this.json<StatusChange[]>(`${connectionPath(id)}/status-history`);
  tokens = (id: string) => this.json<ConnectionToken[]>(`${connectionPath(id)}/tokens`);
  createToken = (id: string, name: string) =>
    this.send<CreatedToken>("POST", `${connectionPath(id)}/tokens`, JSON.stringify({ name }));
  revokeToken = async (id: string, tokenId: string) => {
    await this.request(`${connectionPath(id)}/tokens/${encodeURIComponent(tokenId)}`, { method: "DELETE" });
  };
  sync = (id: string, signal?: AbortSignal) => this.json<SyncView>(`${connectionPath(id)}/sync`, { signal });
  /** Asks for a sync now; `full` reads everything and marks what the system no longer has as deleted. */
  requestSync = (id: string, full: boolean) => this.send<SyncView>("POST", `${connectionPath(id)}/sync?full=${full}`);
  syncs = (id: string, signal?: AbortSignal) => this.json<SyncRun[]>(`${connectionPath(id)}/syncs?limit=50`, { signal });

  /** Every entity of the connection's connector, with its mapping's version (docs/mappings.md). */
  mappings = (id: string) => this.json<MappingsOverview>(mappingsPath(id));
  entityMapping = (id: string, entity: string) => this.json<EntityMapping>(mappingsPath(id, entity));
  /** Saves a document; a refused one throws a ProblemError (400) whose problems carry pointer, line and column. */
  saveMapping = (id: string, entity: string, document: MappingDocument) =>
    this.send<MappingSaved>("PUT", mappingsPath(id, entity), JSON.stringify(document));
  /** Back to the connector's default mapping (a new version without a document). */
  resetMapping = async (id: string, entity: string): Promise<MappingSaved | null> => {
    const text = await (await this.request(mappingsPath(id, entity), { method: "DELETE" })).text();
    return text ? (JSON.parse(text) as MappingSaved) : null;
  };
  previewMapping = (id: string, entity: string, request: PreviewRequest) =>
    this.send<PreviewResult>("POST", `${mappingsPath(id, entity)}/preview`, JSON.stringify(request));
  mappingVersions = (id: string, entity: string) => this.json<MappingVersionSummary[]>(`${mappingsPath(id, entity)}/versions`);
  mappingVersion = (id: string, entity: string, version: number) =>
    this.json<MappingVersion>(`${mappingsPath(id, entity)}/versions/${version}`);
  mappingDiff = (id: string, entity: string, from: number, to: number) =>
    this.json<MappingDiff>(`${mappingsPath(id, entity)}/diff?from=${from}&to=${to}`);
  revertMapping = (id: string, entity: string, version: number) =>
    this.send<MappingSaved>("POST", `${mappingsPath(id, entity)}/revert`, JSON.stringify({ version }));

  /** Which of the connection's event types reach which webhook endpoint. */
  connectionWebhooks = (id: string) => this.json<ConnectionWebhooks>(`${connectionPath(id)}/webhooks`);
  /** Sets the connection's types for the endpoints listed (the others keep theirs); answers like connectionWebhooks. */
  saveConnectionWebhooks = (id: string, choices: ConnectionWebhookChoices) =>
    this.send<ConnectionWebhooks>("PUT", `${connectionPath(id)}/webhooks`, JSON.stringify(choices));
  /** Queues a sample event of any of the connection's types to one endpoint. */
  testConnectionWebhook = (id: string, endpointId: string, eventType: string) =>
    this.send<TestSendAccepted>("POST", `${connectionPath(id)}/webhooks/test`, JSON.stringify({ endpointId, eventType }));
  /** Creates an endpoint; the answer holds its signing secret, the only time it is shown. */
  createWebhook = (body: NewWebhookEndpoint) => this.send<CreatedWebhookEndpoint>("POST", "/api/webhooks", JSON.stringify(body));
  webhookDelivery = (deliveryId: string) =>
    this.json<WebhookDeliveryDetail>(`/api/webhooks/deliveries/${encodeURIComponent(deliveryId)}`);

  /**
   * Live events of every run of a flow, read with fetch streaming so the key goes in the Authorization
   * header (EventSource cannot send headers). Ends when `signal` aborts.
   */
  async flowEvents(
    flowId: string,
    onEvent: (event: RunEvent) => void,
    onOpen: () => void,
    signal: AbortSignal,
  ): Promise<void> {
    const response = await this.request(`/api/events?flowId=${encodeURIComponent(flowId)}`, {
      signal,
      headers: { Accept: "text/event-stream" },
    });
    onOpen();
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    const feed = createSseParser((message) => onEvent(JSON.parse(message.data) as RunEvent));
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        feed(value);
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    }
  }
}

function connectionPath(id: string): string {
  return `/api/connections/${encodeURIComponent(id)}`;
}

function mappingsPath(id: string, entity?: string): string {
  return `${connectionPath(id)}/mappings${entity === undefined ? "" : `/${encodeURIComponent(entity)}`}`;
}
