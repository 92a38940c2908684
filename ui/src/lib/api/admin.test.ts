import { describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import { formError } from "./admin";

describe("formError", () => {
  it("keeps the field a FormError names", () => {
    expect(formError({ field: "size", message: "size : taille illisible" })).toEqual({
      field: "size",
      message: "size : taille illisible",
    });
  });
  it("turns a bare sentence into an error of the whole form", () => {
    expect(formError("Aucun fichier Panier n'est ouvert.")).toEqual({
      field: null,
      message: "Aucun fichier Panier n'est ouvert.",
    });
    expect(formError({ field: null, message: "refusé" })).toEqual({
      field: null,
      message: "refusé",
    });
  });
});
