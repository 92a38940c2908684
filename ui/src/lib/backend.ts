// The desktop commands the window calls (src-tauri/src/commands). Each returns the state the
// UI should show next; errors arrive as a sentence from the core, ready to display.
import { invoke } from "@tauri-apps/api/core";

export interface StartupProblem {
  kind: "cannotOpen" | "lastFileMissing";
  path: string;
  detail: string | null;
}

export type DatabaseStatus =
  | { kind: "open"; path: string }
  | { kind: "firstRun"; suggestedPath: string; problem: StartupProblem | null };

export interface AssociationSummary {
  name: string;
  memberCount: number;
}

export const backend = {
  databaseStatus: () => invoke<DatabaseStatus>("database_status"),
  createAssociation: (path: string, name: string) =>
    invoke<DatabaseStatus>("create_association", { path, name }),
  openDatabase: (path: string) => invoke<DatabaseStatus>("open_database", { path }),
  closeDatabase: () => invoke<DatabaseStatus>("close_database"),
  associationSummary: () => invoke<AssociationSummary>("association_summary"),
};

/** A command's rejection as text: commands reject with a string, anything else is a bug. */
export function errorText(error: unknown): string {
  return typeof error === "string" ? error : error instanceof Error ? error.message : String(error);
}
