// What the Money screen's forms hold while the treasurer types. The screen owns one draft per
// form and lends it to the form (bind:draft): a form closed and opened again finds what was
// typed, as it did when all five forms lived in one file.
import type { FormError } from "../../lib/formError";
import type {
  MemberChoice,
  MoneyChoices,
  PaymentSplit,
  ReceiptRow,
  RecurringRow,
} from "../../lib/api/money";

/** What the screen gives each of its forms: the form's draft and the ways back to the screen. */
export interface MoneyFormProps<Draft> {
  draft: Draft;
  choices: MoneyChoices | null;
  /** Says what the form did, in the screen's notice line. */
  notify: (text: string) => void;
  /** Reads the year's totals and entries again. */
  reload: () => Promise<void>;
  close: () => void;
}

export interface PaymentDraft {
  member: MemberChoice | null;
  plan: string;
  amount: string;
  gift: string;
  /** The treasurer typed the gift: the preview no longer fills it in. */
  giftEdited: boolean;
  date: string;
  method: string;
  split: PaymentSplit | null;
  done: PaymentSplit | null;
  error: FormError | null;
}

export type Donor = "member" | "named" | "anonymous";

export interface DonationDraft {
  donor: Donor;
  member: MemberChoice | null;
  from: string;
  subsidy: boolean;
  amount: string;
  date: string;
  method: string;
  label: string;
  error: FormError | null;
}

export interface ExpenseDraft {
  amount: string;
  category: string;
  label: string;
  supplier: string;
  date: string;
  method: string;
  namesPerson: boolean;
  error: FormError | null;
}

export interface RecurringDraft {
  rows: RecurringRow[];
  label: string;
  category: string;
  supplier: string;
  amount: string;
  method: string;
  everyMonths: number;
  from: string;
  until: string;
  error: FormError | null;
}

export interface ReceiptsDraft {
  year: number;
  register: ReceiptRow[];
  error: string | null;
}

export interface EntryDraft {
  reason: string;
  error: FormError | null;
}

export interface MoneyDrafts {
  payment: PaymentDraft;
  donation: DonationDraft;
  expense: ExpenseDraft;
  recurring: RecurringDraft;
  receipts: ReceiptsDraft;
  entry: EntryDraft;
}

/** Blank drafts; the dates are filled with the day the core calls today once it answers. */
export function newDrafts(thisYear: number): MoneyDrafts {
  return {
    payment: {
      member: null,
      plan: "",
      amount: "",
      gift: "",
      giftEdited: false,
      date: "",
      method: "transfer",
      split: null,
      done: null,
      error: null,
    },
    donation: {
      donor: "member",
      member: null,
      from: "",
      subsidy: false,
      amount: "",
      date: "",
      method: "transfer",
      label: "",
      error: null,
    },
    expense: {
      amount: "",
      category: "server_rent",
      label: "",
      supplier: "",
      date: "",
      method: "transfer",
      namesPerson: false,
      error: null,
    },
    recurring: {
      rows: [],
      label: "",
      category: "server_rent",
      supplier: "",
      amount: "",
      method: "transfer",
      everyMonths: 1,
      from: "",
      until: "",
      error: null,
    },
    receipts: { year: thisYear, register: [], error: null },
    entry: { reason: "", error: null },
  };
}
