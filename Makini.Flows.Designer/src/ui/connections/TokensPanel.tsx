import { useCallback, useEffect, useState } from "react";
import type { Api } from "../../api/client";
import type { ConnectionToken, CreatedToken } from "../../api/connectionTypes";
import { describeError } from "../../api/problem";
import { NewTokenBox } from "./NewTokenBox";
import { RelativeTime } from "./RelativeTime";

/** The API tokens that read this one connection's data: created with a name, shown once, listed by prefix, revocable. */
export function TokensPanel({ api, connectionId }: { api: Api; connectionId: string }) {
  const [tokens, setTokens] = useState<ConnectionToken[] | null>(null);
  const [name, setName] = useState("");
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => api.tokens(connectionId).then(setTokens, (e) => setError(describeError(e))), [api, connectionId]);
  useEffect(() => void load(), [load]);

  const create = async () => {
    if (name.trim() === "") {
      setError("Give the token a name (what will use it, e.g. 'Power BI report').");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const token = await api.createToken(connectionId, name.trim());
      setCreated(token);
      setName("");
      const listed: ConnectionToken = { id: token.id, name: token.name, prefix: token.prefix, createdAt: token.createdAt, lastUsedAt: null };
      setTokens((current) => [...(current ?? []).filter((t) => t.id !== token.id), listed]);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: ConnectionToken) => {
    if (!window.confirm(`Revoke the token '${token.name}'? Whatever uses it loses access at once.`)) return;
    try {
      await api.revokeToken(connectionId, token.id);
      if (created?.id === token.id) setCreated(null);
      await load();
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <section className="card" aria-labelledby="tokens-title" data-testid="tokens">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted small">A token reads this connection's data and nothing else.</p>
      <form
        className="row"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <label htmlFor="token-name" className="visually-hidden">
          Token name
        </label>
        <input id="token-name" placeholder="Token name, e.g. reporting" value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" className="primary" disabled={busy} aria-busy={busy}>
          {busy ? "Creating…" : "Create token"}
        </button>
      </form>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
      {created && <NewTokenBox token={created} onDone={() => setCreated(null)} />}
      <table className="tokens">
        <thead>
          <tr>
            <th>Name</th>
            <th>Token</th>
            <th>Created</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens?.map((token) => (
            <tr key={token.id} data-testid={`token-${token.name}`}>
              <td>{token.name}</td>
              <td className="mono">{token.prefix}…</td>
              <td>
                <RelativeTime at={token.createdAt} />
              </td>
              <td>
                <RelativeTime at={token.lastUsedAt} />
              </td>
              <td className="actions">
                <button onClick={() => void revoke(token)} aria-label={`Revoke ${token.name}`}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
          {tokens?.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No tokens yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
