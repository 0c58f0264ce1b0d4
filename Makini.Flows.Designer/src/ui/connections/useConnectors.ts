import { useEffect, useState } from "react";
import type { Api } from "../../api/client";
import type { ConnectorSummary } from "../../api/connectionTypes";
import { describeError } from "../../api/problem";

// Connectors are loaded at the server's start and do not change while it runs: one request per sign-in.
const loaded = new WeakMap<Api, Promise<ConnectorSummary[]>>();

export function loadConnectors(api: Api): Promise<ConnectorSummary[]> {
  let connectors = loaded.get(api);
  if (!connectors) {
    connectors = api.connectors();
    loaded.set(api, connectors);
    connectors.catch(() => loaded.delete(api));
  }
  return connectors;
}

export function useConnectors(api: Api): { connectors: ConnectorSummary[] | null; error: string | null } {
  const [connectors, setConnectors] = useState<ConnectorSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    loadConnectors(api).then(
      (list) => current && setConnectors(list),
      (e) => current && setError(describeError(e)),
    );
    return () => {
      current = false;
    };
  }, [api]);
  return { connectors, error };
}
