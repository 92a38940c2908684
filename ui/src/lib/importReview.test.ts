import { describe, expect, it } from "vitest";
import {
  countByOutcome,
  decimalToCents,
  duplicateFields,
  initialMapping,
  mappingPairs,
  suggestedImportName,
} from "./importReview";
import type { ImportRowView } from "../generated/ImportRowView";

const columns = [
  { column: "Nom", field: "last_name" },
  { column: "Courriel", field: null },
  { column: "Ville", field: "city" },
];

function row(line: number, outcome: string): ImportRowView {
  return {
    line,
    outcome,
    field: null,
    reasonFr: "",
    reasonEn: "",
    reference: null,
    email: null,
    amount: null,
    date: null,
  };
}

describe("the members CSV mapping", () => {
  it("starts from what the core recognises, unknown columns not imported", () => {
    expect(initialMapping(columns)).toEqual(["last_name", "", "city"]);
  });

  it("sends only the columns given a field", () => {
    expect(mappingPairs(columns, ["last_name", "email", ""])).toEqual([
      { column: "Nom", field: "last_name" },
      { column: "Courriel", field: "email" },
    ]);
  });

  it("finds a field chosen twice", () => {
    expect(duplicateFields(["email", "", "email", "city", ""])).toEqual(["email"]);
    expect(duplicateFields(["email", "city"])).toEqual([]);
  });
});

describe("the dry run", () => {
  it("counts the rows per outcome", () => {
    const rows = [row(2, "created"), row(3, "refused"), row(4, "created"), row(5, "skipped")];
    expect(countByOutcome(rows)).toEqual({ created: 2, matched: 0, skipped: 1, refused: 1 });
  });

  it("suggests a file name per kind", () => {
    expect(suggestedImportName("helloasso")).toBe("helloasso.csv");
    expect(suggestedImportName("members")).toBe("membres.csv");
  });
});

describe("amounts from the core", () => {
  it("turns decimal euros into cents without floats", () => {
    expect(decimalToCents("30.00")).toBe(3000);
    expect(decimalToCents("12.5")).toBe(1250);
    expect(decimalToCents("-3.25")).toBe(-325);
    expect(decimalToCents("7")).toBe(700);
    expect(decimalToCents("12,5O")).toBeNull();
  });
});
