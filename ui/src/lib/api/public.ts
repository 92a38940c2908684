// The commands of the public side and the books (src-tauri/src/commands/{reports,books,
// exports,imports}.rs). Errors reject with the core's sentence, ready to show (errorText).
import { invoke } from "../backend";
import { httpInvoke } from "../team.svelte";
import type { AuthorityRequestForm } from "../../generated/AuthorityRequestForm";
import type { BooksStatement } from "../../generated/BooksStatement";
import type { CharterRegisters } from "../../generated/CharterRegisters";
import type { ClosedYearView } from "../../generated/ClosedYearView";
import type { ColumnMapping } from "../../generated/ColumnMapping";
import type { ExportWritten } from "../../generated/ExportWritten";
import type { FileBytes } from "../../generated/FileBytes";
import type { FinancialYears } from "../../generated/FinancialYears";
import type { HelloassoConfigureForm } from "../../generated/HelloassoConfigureForm";
import type { HelloassoStatusView } from "../../generated/HelloassoStatusView";
import type { HelloassoSyncView } from "../../generated/HelloassoSyncView";
import type { ImportKind } from "../../generated/ImportKind";
import type { ImportReportView } from "../../generated/ImportReportView";
import type { PahekoReportView } from "../../generated/PahekoReportView";
import type { MemberColumns } from "../../generated/MemberColumns";
import type { RegisterAdded } from "../../generated/RegisterAdded";
import type { ReportFile } from "../../generated/ReportFile";
import type { ReportPreview } from "../../generated/ReportPreview";
import type { SignoffForm } from "../../generated/SignoffForm";
import type { SoftwareForm } from "../../generated/SoftwareForm";
import type { VolunteeringForm } from "../../generated/VolunteeringForm";
import type { VolunteeringView } from "../../generated/VolunteeringView";
import type { Language } from "../../i18n/translate";

export type * from "../../generated/AccountAmount";
export type * from "../../generated/StatementSection";
export type * from "../../generated/ImportRowView";
export type * from "../../generated/PahekoItemView";
export type * from "../../generated/PahekoAccountView";
export type * from "../../generated/FinancialYearRow";
export type * from "../../generated/AuthorityRequestRow";
export type * from "../../generated/SoftwareRow";
export type * from "../../generated/SignoffRow";
export type * from "../../generated/VolunteeringRow";
export type {
  AuthorityRequestForm,
  BooksStatement,
  CharterRegisters,
  ClosedYearView,
  ColumnMapping,
  ExportWritten,
  FinancialYears,
  ImportKind,
  ImportReportView,
  PahekoReportView,
  MemberColumns,
  RegisterAdded,
  ReportFile,
  ReportPreview,
  SignoffForm,
  SoftwareForm,
  VolunteeringForm,
  VolunteeringView,
};

export const reports = {
  defaultYear: () => invoke<number>("report_default_year"),
  preview: (year: number, language: Language) =>
    invoke<ReportPreview>("report_preview", { year, language }),
  /** Writes one output; returns every file written. */
  write: (year: number, language: Language, file: ReportFile, path: string) =>
    invoke<string[]>("report_write", { year, language, file, path }),
  authorityRequestKinds: () => invoke<string[]>("authority_request_kinds"),
  registers: () => invoke<CharterRegisters>("charter_registers"),
  addAuthorityRequest: (form: AuthorityRequestForm) =>
    invoke<RegisterAdded>("add_authority_request", { form }),
  addSoftware: (form: SoftwareForm) => invoke<RegisterAdded>("add_software", { form }),
  addSignoff: (form: SignoffForm) => invoke<RegisterAdded>("add_signoff", { form }),
};

export const books = {
  years: () => invoke<FinancialYears>("financial_years"),
  statement: (year: number, language: Language) =>
    invoke<BooksStatement>("books_statement", { year, language }),
  closeYear: (year: number) => invoke<ClosedYearView>("close_year", { year }),
  volunteering: (year: number) => invoke<VolunteeringView>("volunteering_year", { year }),
  addVolunteering: (year: number, form: VolunteeringForm) =>
    invoke<VolunteeringView>("add_volunteering", { year, form }),
};

export const exportsApi = {
  fec: (year: number, folder: string) => invoke<ExportWritten>("export_fec", { year, folder }),
  ledgerCsv: (year: number, path: string) =>
    invoke<ExportWritten>("export_ledger_csv", { year, path }),
  membersCsv: (path: string) => invoke<ExportWritten>("export_members_csv", { path }),
  // In a browser (the team server): the same operations answer the file itself, to download.
  fecFile: (year: number) => invoke<FileBytes>("export_fec", { year }),
  ledgerFile: (year: number) => invoke<FileBytes>("export_ledger_csv", { year }),
  membersFile: () => invoke<FileBytes>("export_members_csv"),
};

export type { HelloassoConfigureForm, HelloassoStatusView, HelloassoSyncView };

// HelloAsso without files: the API client's settings and the sync (a dry run first).
export const helloasso = {
  status: () => invoke<HelloassoStatusView | null>("helloasso_status"),
  configure: (form: HelloassoConfigureForm) => invoke<HelloassoStatusView>("helloasso_configure", { form }),
  sync: (options: { dryRun: boolean; skipInvalid: boolean }) =>
    invoke<HelloassoSyncView>("helloasso_sync", { dryRun: options.dryRun, skipInvalid: options.skipInvalid }),
};

export const imports = {
  memberColumns: (path: string) => invoke<MemberColumns>("import_member_columns", { path }),
  run: (
    kind: ImportKind,
    path: string,
    mapping: ColumnMapping[],
    options: { dryRun: boolean; skipInvalid: boolean },
  ) =>
    invoke<ImportReportView>("import_file", {
      kind,
      path,
      mapping,
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
    }),
  /** In a browser: the members CSV's header, from the file's bytes (base64). */
  memberColumnsSent: (content: string) => invoke<MemberColumns>("import_member_columns", { content }),
  /** In a browser: the file's bytes (base64) go to the operation of its kind. */
  runSent: (
    kind: ImportKind,
    content: string,
    mapping: ColumnMapping[],
    options: { dryRun: boolean; skipInvalid: boolean },
  ) =>
    httpInvoke<ImportReportView>(kind === "members" ? "import_members_file" : "import_helloasso_file", {
      content,
      mapping,
      dryRun: options.dryRun,
      skipInvalid: options.skipInvalid,
    }),
  /** A Paheko association's file: the report of a dry run, or of the import itself. */
  paheko: (path: string, dryRun: boolean) =>
    invoke<PahekoReportView>("import_paheko_file", { path, dryRun }),
  /** The same in a browser: the file's bytes (base64) go to the server's operation. */
  pahekoSent: (file: SentFile, dryRun: boolean) =>
    invoke<PahekoReportView>("import_paheko_file", { ...file, dryRun }),
};

/** A file the browser read, for an operation that takes its content. */
export interface SentFile {
  fileName: string;
  /** the bytes, base64 */
  content: string;
}
