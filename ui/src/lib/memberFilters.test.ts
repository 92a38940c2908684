import { describe, expect, it } from "vitest";
import { filtersFromParams, toQuery, toggleSort } from "./memberFilters";

describe("filtersFromParams", () => {
  it("preselects the status a dashboard figure sent", () => {
    expect(filtersFromParams({ status: "grace" }).status).toBe("grace");
    expect(filtersFromParams({ plan: 4 }).plan).toBe("4");
  });

  it("ignores what is not a filter", () => {
    const f = filtersFromParams({ status: "asleep", plan: "x" });
    expect(f.status).toBe("");
    expect(f.plan).toBe("");
    expect(f.sort).toBe("name");
  });
});

describe("toQuery", () => {
  it("sends only the filters set", () => {
    expect(toQuery({ search: "  ", status: "", plan: "", sort: "name", descending: false })).toEqual({
      search: null,
      status: null,
      plan: null,
      sort: "name",
      descending: false,
      offset: null,
      limit: null,
    });
    expect(
      toQuery({ search: "hélène", status: "active", plan: "3", sort: "joined", descending: true }),
    ).toEqual({
      search: "hélène",
      status: "active",
      plan: 3,
      sort: "joined",
      descending: true,
      offset: null,
      limit: null,
    });
  });

  it("asks one page when told which", () => {
    const filters = { search: "", status: "" as const, plan: "", sort: "name" as const, descending: false };
    expect(toQuery(filters, { page: 0, size: 100 })).toMatchObject({ offset: 0, limit: 100 });
    expect(toQuery(filters, { page: 3, size: 100 })).toMatchObject({ offset: 300, limit: 100 });
  });
});

describe("toggleSort", () => {
  it("sorts by a new column ascending, then reverses on a second click", () => {
    const f = { search: "", status: "" as const, plan: "", sort: "name" as const, descending: false };
    const byJoined = toggleSort(f, "joined");
    expect(byJoined).toMatchObject({ sort: "joined", descending: false });
    expect(toggleSort(byJoined, "joined")).toMatchObject({ sort: "joined", descending: true });
  });
});
