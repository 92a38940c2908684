import { describe, expect, it, vi } from "vitest";

vi.mock("@tauri-apps/api/core", () => ({ invoke: vi.fn() }));

import { errorFor, fieldOf, formError, generalError } from "./formError";

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
  it("drops a field that is not a name, and reads an Error's message", () => {
    expect(formError({ field: 12, message: "non" })).toEqual({ field: null, message: "non" });
    expect(formError(new Error("cassé"))).toEqual({ field: null, message: "cassé" });
    expect(formError(42)).toEqual({ field: null, message: "42" });
  });
});

describe("errorFor and generalError", () => {
  const amount = formError({ field: "amount", message: "montant « 12,5O » illisible" });

  it("shows a field's error next to that field only", () => {
    expect(errorFor(amount, "amount")).toBe("montant « 12,5O » illisible");
    expect(errorFor(amount, "gift")).toBeNull();
    expect(errorFor(null, "amount")).toBeNull();
  });
  it("shows above the form what no shown field can carry", () => {
    expect(generalError(amount, ["amount"])).toBeNull();
    expect(generalError(amount, ["label"])).toBe("montant « 12,5O » illisible");
    expect(generalError(formError("No Panier file is open."), ["amount"])).toBe(
      "No Panier file is open.",
    );
    expect(generalError(null, [])).toBeNull();
  });
});

describe("fieldOf", () => {
  it("names a field after its form and gives it the refusal only when it is about it", () => {
    const refusal = { field: "size", message: "taille illisible" };
    expect(fieldOf("grant", refusal, "size", "grant-error")).toEqual({
      id: "grant-size",
      testid: "grant-size",
      error: "taille illisible",
      errorTestid: "grant-error",
    });
    expect(fieldOf("grant", refusal, "reason").error).toBeNull();
    expect(fieldOf("grant", null, "size").error).toBeNull();
  });
});
