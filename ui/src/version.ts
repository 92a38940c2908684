// Cargo.toml, as text, bundled by Vite at build time: Panier's one version lives in its
// [workspace.package] (the CLI's `--version`, the Debian package's).
import manifest from "../../Cargo.toml?raw";

/** The version in a Cargo manifest's [workspace.package]; throws when there is none. */
export function workspaceVersion(cargoToml: string): string {
  const found = /^\[workspace\.package\][^[]*?^version\s*=\s*"([^"]+)"/m.exec(cargoToml);
  if (!found) throw new Error("no version in [workspace.package] of Cargo.toml");
  return found[1];
}

/** Panier's version, the same as `panier --version` and the Debian package's. */
export const PANIER_VERSION: string = workspaceVersion(manifest);
