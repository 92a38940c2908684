// Mail that goes out (src-tauri/src/commands/mail.rs): the SMTP server in Settings, and
// "Send the reminders" on the Renewals screen. Form commands reject with a FormError.
import { invoke } from "../backend";
import type { Delivery } from "../../generated/Delivery";
import type { LogLine } from "../../generated/LogLine";
import type { MailServer } from "../../generated/MailServer";
import type { MailServerInput } from "../../generated/MailServerInput";
import type { ReceiptMail } from "../../generated/ReceiptMail";
import type { ReminderOutcome } from "../../generated/ReminderOutcome";
import type { ReminderPlan } from "../../generated/ReminderPlan";
import type { ReminderRun } from "../../generated/ReminderRun";
import type { Skipped } from "../../generated/Skipped";
import type { TestMail } from "../../generated/TestMail";
import type { TlsMode } from "../../generated/TlsMode";

export type {
  Delivery,
  LogLine,
  MailServer,
  MailServerInput,
  ReceiptMail,
  ReminderOutcome,
  ReminderPlan,
  ReminderRun,
  Skipped,
  TestMail,
  TlsMode,
};

export const mail = {
  settings: () => invoke<MailServer | null>("mail_settings"),
  /** `password`: empty keeps the stored one. */
  configure: (server: MailServerInput, password: string) =>
    invoke<MailServer>("mail_configure", { server, password }),
  test: (to: string) => invoke<TestMail>("mail_test", { to }),
  /** `state`: due, grace, expired, or "" for all. */
  remindersPlan: (state: string) => invoke<ReminderPlan>("reminders_plan", { state }),
  remindersSend: (state: string, limit: number, skipMembers: number[]) =>
    invoke<ReminderRun>("reminders_send", { state, limit, skipMembers }),
  /** Prints the entry's receipt into `path` (kept) and mails it to the member. */
  sendReceipt: (entry: number, kind: "attestation" | "tax", path: string) =>
    invoke<ReceiptMail>("receipt_send", { entry, kind, path }),
  log: (member: number | null = null) => invoke<LogLine[]>("mail_log", { member }),
};
