// The members list's filters and sort, read from what the screen was opened with (a
// dashboard figure sends `{ status: "grace" }`) and turned into the shell's query.
import type { MemberListQuery } from "../generated/MemberListQuery";
import type { RouteParams } from "./navigation.svelte";

export const STATUSES = ["active", "grace", "expired", "none"] as const;
export type StatusFilter = (typeof STATUSES)[number] | "";

export const SORTS = ["name", "email", "joined", "paidUntil"] as const;
export type SortKey = (typeof SORTS)[number];

export interface MemberFilters {
  search: string;
  status: StatusFilter;
  /** a plan's id, or "" for every plan */
  plan: string;
  sort: SortKey;
  descending: boolean;
}

export function filtersFromParams(params: RouteParams): MemberFilters {
  const status = String(params.status ?? "");
  const plan = params.plan === undefined ? "" : String(params.plan);
  return {
    search: typeof params.search === "string" ? params.search : "",
    status: (STATUSES as readonly string[]).includes(status) ? (status as StatusFilter) : "",
    plan: /^\d+$/.test(plan) ? plan : "",
    sort: "name",
    descending: false,
  };
}

/** The shell's query for `filters`; with `page`, only that page of `size` rows (from 0). */
export function toQuery(
  filters: MemberFilters,
  page?: { page: number; size: number },
): MemberListQuery {
  return {
    search: filters.search.trim() === "" ? null : filters.search,
    status: filters.status === "" ? null : filters.status,
    plan: filters.plan === "" ? null : Number(filters.plan),
    sort: filters.sort,
    descending: filters.descending,
    offset: page ? page.page * page.size : null,
    limit: page ? page.size : null,
  };
}

/** Clicking a column's header: sort by it, or reverse the order if it already is. */
export function toggleSort(filters: MemberFilters, key: SortKey): MemberFilters {
  return key === filters.sort
    ? { ...filters, descending: !filters.descending }
    : { ...filters, sort: key, descending: false };
}
