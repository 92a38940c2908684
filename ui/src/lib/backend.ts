// The desktop commands the window calls (src-tauri/src/commands). Each returns the state the
// UI should show next; errors arrive as a sentence from the core, ready to display. In a
// browser (the team server, `panier serve`) the same commands go over HTTP instead: this
// `invoke` is the one place that chooses (see team.svelte.ts).
import { invoke as invokeTauri, type InvokeArgs } from "@tauri-apps/api/core";
import type { Command } from "../generated/commands";
import { httpInvoke, inBrowser } from "./team.svelte";

// The shapes are generated from the Rust types (src-tauri, `make bindings`).
import type { AssociationSummary } from "../generated/AssociationSummary";
import type { DatabaseStatus } from "../generated/DatabaseStatus";
import type { LocalisedText } from "../generated/LocalisedText";
import type { StartupProblem } from "../generated/StartupProblem";
import type { Language } from "../i18n/translate";

export type { AssociationSummary, DatabaseStatus, LocalisedText, StartupProblem };

/**
 * A command of src-tauri/commands.list.rs: Tauri's `invoke` in the window; in a browser,
 * `POST /api/ops/{command}` with the same arguments (their rejections keep the same shape: a
 * sentence with the field it is about).
 */
export function invoke<T>(command: Command, args?: InvokeArgs): Promise<T> {
  if (inBrowser) return httpInvoke<T>(command, args as Record<string, unknown> | undefined);
  return invokeTauri<T>(command, args);
}

export const backend = {
  databaseStatus: () => invoke<DatabaseStatus>("database_status"),
  createAssociation: (path: string, name: string) =>
    invoke<DatabaseStatus>("create_association", { path, name }),
  /** `passphrase` only for an encrypted file; it is never sent back. */
  openDatabase: (path: string, passphrase: string | null = null) =>
    invoke<DatabaseStatus>("open_database", { path, passphrase }),
  closeDatabase: () => invoke<DatabaseStatus>("close_database"),
  /** Joins the association's server: the shell logs in and keeps the session; the password
   * is sent once and not kept. Rejects with a FormError (field `url` for a bad address). */
  connectServer: (url: string, user: string, password: string) =>
    invoke<DatabaseStatus>("connect_server", { url, user, password }),
  disconnectServer: () => invoke<DatabaseStatus>("disconnect_server"),
  associationSummary: () => invoke<AssociationSummary>("association_summary"),
  /** Tells the shell which language its error messages should be in. */
  setLanguage: (language: Language) => invoke<void>("set_language", { language }),
};

/** A command's rejection as text: commands reject with a string, anything else is a bug. */
export function errorText(error: unknown): string {
  return typeof error === "string" ? error : error instanceof Error ? error.message : String(error);
}
