import type { AccountRow } from "../../lib/api/admin";

/** The dialog the Accounts screen has open: a grant, the grants list, enable/disable, a new account. */
export type AccountDialog =
  | { kind: "grant"; row: AccountRow }
  | { kind: "grants"; row: AccountRow }
  | { kind: "enabled"; row: AccountRow }
  | { kind: "open" };

/** What the screen gives each dialog: the ways back to the screen. */
export interface DialogProps {
  /** Says what the dialog did, in the screen's notice line. */
  notify: (text: string) => void;
  /** Reads the accounts again. */
  reload: () => Promise<void>;
  close: () => void;
}
