// The system's file dialogs, opened by the shell (src-tauri/src/commands/files.rs): the UI
// asks where, the shell answers with a path or null when the person cancelled.
import { invoke } from "./backend";
import type { FileChoice } from "../generated/FileChoice";

export type { FileChoice };

export const files = {
  /** Where to write `suggestedName`; null if cancelled. */
  chooseSavePath: (choice: FileChoice) => invoke<string | null>("choose_save_path", { choice }),
  /** Which file to read; null if cancelled. */
  chooseOpenPath: (choice: FileChoice) => invoke<string | null>("choose_open_path", { choice }),
  /** A folder to write several files into; null if cancelled. */
  chooseFolder: () => invoke<string | null>("choose_folder"),
};
