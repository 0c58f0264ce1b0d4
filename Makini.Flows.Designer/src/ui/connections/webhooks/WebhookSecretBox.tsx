import { useEffect, useRef, useState } from "react";
import type { CreatedWebhookEndpoint } from "../../../api/webhookTypes";

/** A new endpoint's signing secret: shown this once, with a copy button and a warning that it cannot be shown again. */
export function WebhookSecretBox({ created, onDone }: { created: CreatedWebhookEndpoint; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "failed" | null>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, [created]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.secret);
      setCopied("yes");
    } catch {
      // Clipboard access refused (an insecure origin or a denied permission): leave the secret selected.
      field.current?.select();
      setCopied(document.execCommand("copy") ? "yes" : "failed");
    }
  };

  return (
    <div className="new-token" role="region" aria-labelledby="webhook-secret-title" data-testid="webhook-secret">
      <div id="webhook-secret-title">
        <strong>Endpoint {created.endpoint.url} added.</strong> Copy its signing secret now: it is shown only this once
        and cannot be retrieved again. The receiver verifies each delivery's signature with it.
      </div>
      <div className="row">
        <input
          ref={field}
          readOnly
          className="mono"
          aria-label="Signing secret"
          value={created.secret}
          data-testid="webhook-secret-value"
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <div className="small" aria-live="polite">
        {copied === "yes" && "Copied to the clipboard."}
        {copied === "failed" && "The browser refused to copy: select the secret and copy it yourself."}
      </div>
    </div>
  );
}
