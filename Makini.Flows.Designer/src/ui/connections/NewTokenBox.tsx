import { useEffect, useRef, useState } from "react";
import type { CreatedToken } from "../../api/connectionTypes";

/** A token just created: shown this once, with a copy button and a warning that it cannot be shown again. */
export function NewTokenBox({ token, onDone }: { token: CreatedToken; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [token]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied("yes");
    } catch {
      // Clipboard access refused (an insecure origin or a denied permission): leave the token selected.
      field.current?.select();
      setCopied(document.execCommand("copy") ? "yes" : "failed");
    }
  };

  return (
    <div className="new-token" role="region" aria-labelledby="new-token-title" data-testid="new-token">
      <div id="new-token-title">
        <strong>Token '{token.name}' created.</strong> Copy it now: it is shown only this once and cannot be retrieved
        again (only its hash is stored).
      </div>
      <div className="row">
        <input ref={field} readOnly className="mono" aria-label="New token" value={token.token} data-testid="new-token-value" onFocus={(e) => e.target.select()} />
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <div className="small" aria-live="polite">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "The browser refused to copy: select the token and copy it yourself."}
      </div>
    </div>
  );
}
