// How urgent a data request is, from the days left the core computed (negative when late).
// The register and the member page colour rows with it; the dashboard counts the same way
// (`requests::WARN_WITHIN_DAYS`, 7 days).

export type Urgency = "late" | "near" | "ok" | "closed";

export const WARN_WITHIN_DAYS = 7;

export function urgency(daysLeft: number | null, warnWithinDays = WARN_WITHIN_DAYS): Urgency {
  if (daysLeft === null) return "closed";
  if (daysLeft < 0) return "late";
  if (daysLeft <= warnWithinDays) return "near";
  return "ok";
}

/** Today on this computer, as YYYY-MM-DD (the local day, not UTC's). */
export function localDay(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
