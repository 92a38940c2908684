// The Money and Renewals screens' commands (src-tauri/src/commands/{money,receipts,renewals}.rs).
// Form commands reject with a FormError (the sentence and the field it is about); the others
// with a sentence.
import { invoke } from "../backend";
import type { DonationForm } from "../../generated/DonationForm";
import type { ExpenseForm } from "../../generated/ExpenseForm";
import type { FormError } from "../../generated/FormError";
import type { MemberChoice } from "../../generated/MemberChoice";
import type { MoneyChoices } from "../../generated/MoneyChoices";
import type { MoneyEntry } from "../../generated/MoneyEntry";
import type { MoneyOverview } from "../../generated/MoneyOverview";
import type { PaymentForm } from "../../generated/PaymentForm";
import type { PaymentSplit } from "../../generated/PaymentSplit";
import type { ReceiptPdf } from "../../generated/ReceiptPdf";
import type { ReceiptRow } from "../../generated/ReceiptRow";
import type { ReceiptWritten } from "../../generated/ReceiptWritten";
import type { RecurringForm } from "../../generated/RecurringForm";
import type { RecurringRow } from "../../generated/RecurringRow";
import type { ReminderView } from "../../generated/ReminderView";
import type { RenewalRow } from "../../generated/RenewalRow";
import type { RenewalsView } from "../../generated/RenewalsView";
import type { ReversalDone } from "../../generated/ReversalDone";
import type { TemplateText } from "../../generated/TemplateText";
import type { TemplatesView } from "../../generated/TemplatesView";

export type {
  DonationForm,
  ExpenseForm,
  FormError,
  MemberChoice,
  MoneyChoices,
  MoneyEntry,
  MoneyOverview,
  PaymentForm,
  PaymentSplit,
  ReceiptRow,
  ReceiptWritten,
  RecurringForm,
  RecurringRow,
  ReminderView,
  RenewalRow,
  RenewalsView,
  ReversalDone,
  TemplateText,
  TemplatesView,
};

export const money = {
  overview: (member: number | null) => invoke<MoneyOverview>("money_overview", { member }),
  choices: () => invoke<MoneyChoices>("money_choices"),
  findMembers: (text: string) => invoke<MemberChoice[]>("money_find_members", { text }),
  previewPayment: (payment: PaymentForm) =>
    invoke<PaymentSplit>("money_preview_payment", { payment }),
  recordPayment: (payment: PaymentForm) => invoke<PaymentSplit>("money_record_payment", { payment }),
  recordDonation: (donation: DonationForm) =>
    invoke<number>("money_record_donation", { donation }),
  recordExpense: (expense: ExpenseForm) => invoke<number>("money_record_expense", { expense }),
  reverseEntry: (entry: number, reason: string) =>
    invoke<ReversalDone>("money_reverse_entry", { entry, reason }),
  recurringList: () => invoke<RecurringRow[]>("money_recurring_list"),
  addRecurring: (recurring: RecurringForm) => invoke<number>("money_add_recurring", { recurring }),
  generateRecurring: () => invoke<number>("money_generate_recurring"),
  printReceipt: (entry: number, kind: "attestation" | "tax", path: string) =>
    invoke<ReceiptWritten>("receipt_print", { entry, kind, path }),
  printYearly: (year: number, folder: string) =>
    invoke<ReceiptWritten[]>("receipts_print_yearly", { year, folder }),
  register: (year: number) => invoke<ReceiptRow[]>("receipts_register", { year }),
  // In a browser (the team server): the receipts' PDFs themselves, to download.
  receiptPdf: (entry: number, kind: "attestation" | "tax") =>
    invoke<ReceiptPdf>("receipt_print", { entry, kind }),
  yearlyPdfs: (year: number) => invoke<ReceiptPdf[]>("receipts_print_yearly", { year }),
};

export const renewals = {
  // without a page: the whole list; with one, `limit` rows after `offset` (and `total`);
  // `member`: only that member's row
  list: (page?: {
    state?: "due" | "grace" | "expired";
    offset?: number;
    limit?: number;
    member?: number;
  }) =>
    invoke<RenewalsView>("renewals_list", { page: page ?? {} }),
  reminder: (member: number) => invoke<ReminderView>("renewal_reminder", { member }),
  markSent: (member: number, channel: "mailto" | "copy" | "other") =>
    invoke<string>("renewal_mark_sent", { member, channel }),
  templates: () => invoke<TemplatesView>("renewal_templates"),
  setTemplate: (template: TemplateText) => invoke<void>("renewal_set_template", { template }),
  openMailto: (url: string) => invoke<void>("open_mailto", { url }),
};
