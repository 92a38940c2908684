// The app on the association's team server (`panier serve`), in a browser or in the window
// joined to it: who is logged in, what their role lets them do (the server says: `/api/me`'s
// `operations`, from the operation layer's rule — no copy of the rules here), the HTTP calls
// (browser), and the live refresh (the browser's EventSource, or the shell relaying it).
import { untrack } from "svelte";
import { invoke as invokeTauri } from "@tauri-apps/api/core";
import { listen as listenTauri } from "@tauri-apps/api/event";
import type { Command } from "../generated/commands";
import type { ServerConnection } from "../generated/ServerConnection";
import { ApiFailure, changeOf, failureOf, requestBody, runsInBrowser } from "./transport";

/** Where the app runs: the Tauri window (commands to the shell) or a browser (HTTP). */
export const inBrowser = runsInBrowser();

type Me = { user: string; role: string; csrf: string; operations: string[] };

/** The session on the server; `user` null before login or once it ended. */
export const team = $state<{
  user: string | null;
  role: string | null;
  operations: readonly string[];
  /** bumped on every change made by someone else: screens reload their data */
  changes: number;
  /** the server's address when the window is joined to one (null in a browser, or on a file) */
  server: string | null;
}>({ user: null, role: null, operations: [], changes: 0, server: null });

let csrf = "";
let language = "fr";
let events: EventSource | null = null;

/**
 * Whether the UI offers `command`: always in the window on a file (one person, their own
 * file); in a browser or in the window joined to a server, only the operations the user's
 * role may perform.
 */
export function offered(command: Command): boolean {
  if (!inBrowser && team.server === null) return true;
  const wrappers = inBrowser ? BROWSER_WRAPPERS : WINDOW_WRAPPERS;
  const operations = wrappers[command] ?? [command];
  return operations.some((operation) => team.operations.includes(operation));
}

/**
 * The window's commands that are not operations themselves but read a local file (or keep
 * the window's name) and then perform one of these operations: joined to a server, they are
 * offered when the role may perform one of them. In a browser they do not exist.
 */
const WINDOW_WRAPPERS: Partial<Record<Command, string[]>> = {
  import_file: ["import_members_file", "import_helloasso_file"],
  mail_settings: ["mail_show"],
};

/**
 * The same in a browser: what a screen needing the window's command can do there. The imports
 * screen reads a file the browser sends whole, to the operation of its kind.
 */
const BROWSER_WRAPPERS: Partial<Record<Command, string[]>> = {
  import_file: ["import_paheko_file", "import_helloasso_file", "import_members_file"],
};

/**
 * The operations a browser calls by their own name that are no window command (the window
 * reaches them through a command reading a path: `import_file`).
 */
export type BrowserOperation = "import_helloasso_file" | "import_members_file";

async function send(path: string, method: "GET" | "POST", body?: unknown): Promise<unknown> {
  const headers: Record<string, string> = { "Accept-Language": language };
  if (method === "POST") {
    headers["Content-Type"] = "application/json";
    headers["X-CSRF-Token"] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: "same-origin",
      headers,
      body: body === undefined || body === null ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiFailure(0, "unreachable", null, error instanceof Error ? error.message : String(error));
  }
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = text;
  }
  if (!response.ok) {
    const failure = failureOf(response.status, parsed, `HTTP ${response.status}`);
    // the session ended (idle, logged out elsewhere, user disabled): back to the login
    if (response.status === 401 && path !== "/api/login") forget();
    throw failure;
  }
  return parsed;
}

function remember(me: Me) {
  csrf = me.csrf;
  team.user = me.user;
  team.role = me.role;
  team.operations = me.operations;
  listen();
}

function forget() {
  csrf = "";
  team.user = null;
  team.role = null;
  team.operations = [];
  team.server = null;
  events?.close();
  events = null;
}

/**
 * In the window: asks the shell whether it is joined to a server, and as whom (the shell
 * read the server's `/api/me` at login). On a file, nobody: every command is offered.
 */
export async function joinWindow(): Promise<void> {
  const { connected } = await invokeTauri<ServerConnection>("server_connection");
  if (connected === null) {
    forget();
    return;
  }
  team.user = connected.user;
  team.role = connected.role;
  team.operations = connected.operations;
  team.server = connected.url;
}

let windowListening = false;

/**
 * In the window: the shell relays the server's live events (`team-change`, as the browser's
 * EventSource gets them) and says when the server ended the session (`ended` then shows the
 * first-run screen, which offers to log in again). To call once, at start.
 */
export async function listenInWindow(ended: () => void): Promise<void> {
  if (inBrowser || windowListening) return;
  windowListening = true;
  // both at once: one round trip to the shell before the first screen, not two
  await Promise.all([
    listenTauri<unknown>("team-change", (event) => {
      const change = changeOf(JSON.stringify(event.payload));
      if (change !== null && !change.mine) team.changes += 1;
    }),
    listenTauri("team-session-ended", () => {
      forget();
      ended();
    }),
  ]);
}

/** The session the browser already has (its cookie), if any: false when a login is needed. */
export async function resume(): Promise<boolean> {
  try {
    remember((await send("/api/me", "GET")) as Me);
    return true;
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return false;
    throw error;
  }
}

/** Logs in; rejects with an ApiFailure (401 wrong password, 429 too many tries). */
export async function login(user: string, password: string): Promise<void> {
  const answer = (await send("/api/login", "POST", { user, password })) as { csrf: string };
  csrf = answer.csrf;
  remember((await send("/api/me", "GET")) as Me);
}

export async function logout(): Promise<void> {
  try {
    await send("/api/logout", "POST");
  } finally {
    forget();
  }
}

/** The language of the server's messages (`Accept-Language` of every request). */
export function useLanguage(next: string): void {
  language = next;
}

/** A desktop command over HTTP: an operation, or the browser's meaning of a shell command. */
export async function httpInvoke<T>(command: Command | BrowserOperation, args?: Record<string, unknown>): Promise<T> {
  switch (command) {
    case "set_language":
      useLanguage(String(args?.language ?? "fr"));
      return undefined as T;
    case "database_status":
      // the server holds one file, open: the browser never sees the first-run screen
      return { kind: "open", path: location.host } as T;
    case "close_database":
      await logout();
      return { kind: "open", path: location.host } as T;
    default:
      return (await send(`/api/ops/${encodeURIComponent(command)}`, "POST", requestBody(args))) as T;
  }
}

/** Listens to the server's live events: a change by someone else makes screens reload. */
function listen() {
  if (events !== null || typeof EventSource === "undefined") return;
  events = new EventSource("/api/events", { withCredentials: true });
  events.addEventListener("change", (event) => {
    const change = changeOf((event as MessageEvent<string>).data);
    if (change !== null && !change.mine) team.changes += 1;
  });
}

/**
 * Calls `load` again whenever someone else changes something (the live events), for a
 * screen's data. To call while the screen's component is set up.
 */
export function reloadOnChanges(load: () => unknown): void {
  let seen = team.changes;
  $effect(() => {
    const now = team.changes;
    if (now !== seen) {
      seen = now;
      untrack(() => load());
    }
  });
}
