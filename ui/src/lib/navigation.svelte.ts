import type { Page } from "./screens";

/**
 * Where the window is: a page and what it was opened with (a member's id, a list's filter…).
 * Any screen may send the window elsewhere with `goTo`, e.g. a dashboard figure to the list
 * behind it: `goTo("members", { status: "grace" })`, or a row to `goTo("member", { id: 42 })`.
 */
export type RouteParams = Readonly<Record<string, string | number>>;

export const route = $state<{ page: Page; params: RouteParams }>({
  page: "dashboard",
  params: {},
});

export function goTo(page: Page, params: RouteParams = {}): void {
  route.page = page;
  route.params = params;
}
