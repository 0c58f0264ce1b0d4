import { useState } from "react";
import { Api } from "../api/client";
import { describeError } from "../api/problem";

interface Props {
  error: string | null;
  onSignedIn: (key: string) => void;
}

/** Sign in with an API key (the server prints a sign-in link with the key on first start). */
export function SignIn({ error: initialError, onSignedIn }: Props) {
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await new Api(key.trim()).flows();
      onSignedIn(key.trim());
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="sign-in" data-testid="sign-in">
      <h1>Makini Flows</h1>
      <p>Open the sign-in link the server printed on its first start, or paste an admin API key.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <input type="password" aria-label="API key" placeholder="mk_..." value={key} onChange={(e) => setKey(e.target.value)} autoFocus />
        <button className="primary" type="submit" disabled={busy || !key.trim()}>
          Sign in
        </button>
      </form>
      {error && <pre className="error-box">{error}</pre>}
      <p className="muted small">The key stays in this browser tab (session storage) and is sent only to this server.</p>
    </div>
  );
}
