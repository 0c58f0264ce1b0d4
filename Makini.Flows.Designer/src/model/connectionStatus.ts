import type { ConnectionStatus } from "../api/connectionTypes";

export const STATUSES: readonly ConnectionStatus[] = ["online", "offline", "auth_required", "disabled"];

const LABELS: Record<ConnectionStatus, string> = {
  online: "Online",
  offline: "Offline",
  auth_required: "Sign-in needed",
  disabled: "Disabled",
};

/** The words for a status; an unknown one (a newer server) is shown as it is. */
export function statusLabel(status: string | null | undefined): string {
  if (!status) return "new";
  return (LABELS as Record<string, string>)[status] ?? status.replace(/_/g, " ");
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["week", 7 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "just now", "5 minutes ago", "yesterday", "in 2 hours"; "never" without a time. */
export function relativeTime(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return "never";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.round((at - now) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  for (const [unit, size] of UNITS) if (Math.abs(seconds) >= size) return relative.format(Math.round(seconds / size), unit);
  return relative.format(seconds, "second");
}
