import { useEffect, useState } from "react";
import { relativeTime } from "../../model/connectionStatus";

/** "5 minutes ago", kept current while shown, with the exact time on hover. */
export function RelativeTime({ at }: { at: string | null | undefined }) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!at) return;
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, [at]);
  if (!at) return <span className="muted">never</span>;
  return (
    <time dateTime={at} title={new Date(at).toLocaleString()}>
      {relativeTime(at, now)}
    </time>
  );
}
