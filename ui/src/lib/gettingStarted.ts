import type { Page } from "./screens";
import type { RouteParams } from "./navigation.svelte";

/**
 * The dashboard's "Getting started": what to set first in a new file, in order — the
 * association's details (Settings), its plans (Formules), then its members.
 */
export type StepId = "details" | "plans" | "members";

export interface Step {
  id: StepId;
  done: boolean;
  /** where the step's link goes */
  page: Page;
  params: RouteParams;
}

/** What the panel is decided from: read from the file at each visit of the dashboard. */
export interface FileState {
  /** the `address` setting: the registered address receipts and reports print */
  address: string;
  planCount: number;
  memberCount: number;
  /** the `getting_started` setting: "no" once someone hid the panel */
  showSetting: string;
}

export function gettingStartedSteps(state: FileState): Step[] {
  return [
    {
      id: "details",
      done: state.address.trim() !== "",
      page: "settings",
      params: { focus: "address" },
    },
    { id: "plans", done: state.planCount > 0, page: "plans", params: { add: 1 } },
    { id: "members", done: state.memberCount > 0, page: "members", params: { add: 1 } },
  ];
}

/**
 * Shown while the file is new — no plan or no member yet — unless hidden with its button
 * (the setting says "no"). A file in use (plans and members) never shows it, set address or
 * not: its dashboard is for the figures.
 */
export function showGettingStarted(state: FileState): boolean {
  const isNew = state.planCount === 0 || state.memberCount === 0;
  return state.showSetting !== "no" && isNew;
}
