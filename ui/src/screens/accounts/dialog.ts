import type { AccountRow } from "../../lib/api/admin";

/** The dialog the Accounts screen has open: a grant, the grants list, enable/disable, a new account. */
export type AccountDialog =
  | { kind: "grant"; row: AccountRow }
  | { kind: "grants"; row: AccountRow }
  | { kind: "enabled"; row: AccountRow }
  | { kind: "open" };
