// The browser's way to the core: the team server's HTTP API (server/src/api.rs), used when
// the app runs in a browser rather than in the Tauri window. Each desktop command that is an
// operation is `POST /api/ops/{command}`; the pure functions here (how a command's arguments
// become the operation's request, how an HTTP refusal becomes the error the forms show) are
// tested in transport.test.ts.

/** The refusal of a request, as the forms and `errorText` read it (see formError.ts). */
export class ApiFailure extends Error {
  /** the HTTP status (0: the server could not be reached) */
  readonly status: number;
  /** the server's machine kind: `invalid`, `forbidden`, `login_required`, `throttled`… */
  readonly kind: string;
  /** the form's field the refusal is about, when it names one */
  readonly field: string | null;

  constructor(status: number, kind: string, field: string | null, message: string) {
    super(message);
    this.name = "ApiFailure";
    this.status = status;
    this.kind = kind;
    this.field = field;
  }
}

/** Whether this page runs outside the Tauri window (Tauri injects its internals before the app). */
export function runsInBrowser(scope: object | undefined = globalThis.window): boolean {
  return scope !== undefined && !("__TAURI_INTERNALS__" in scope);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A desktop command's arguments as the operation's request. A command taking one structure
 * is invoked `{payment: {…}}`: its request is that structure. A command taking plain values
 * (`{entry, reason}`, `{member}`) has a request with those fields. No arguments: no body.
 */
export function requestBody(args: Record<string, unknown> | undefined): unknown {
  if (args === undefined) return null;
  const keys = Object.keys(args);
  if (keys.length === 0) return null;
  if (keys.length === 1 && isPlainObject(args[keys[0]])) return args[keys[0]];
  return args;
}

/** An error answer's body (`{error, field, message}`) as an ApiFailure; `fallback` when the body is not JSON. */
export function failureOf(status: number, body: unknown, fallback: string): ApiFailure {
  if (isPlainObject(body) && typeof body.message === "string") {
    const kind = typeof body.error === "string" ? body.error : "error";
    const field = typeof body.field === "string" ? body.field : null;
    return new ApiFailure(status, kind, field, body.message);
  }
  return new ApiFailure(status, "error", null, fallback);
}

/** A live event's data (server/src/events.rs): a write by someone, without its content. */
export type ChangeEvent = { op: string | null; area: string | null; mine: boolean };

/** Parses a `change` event's data; null for anything else. */
export function changeOf(data: string): ChangeEvent | null {
  try {
    const value: unknown = JSON.parse(data);
    if (!isPlainObject(value) || typeof value.mine !== "boolean") return null;
    return {
      op: typeof value.op === "string" ? value.op : null,
      area: typeof value.area === "string" ? value.area : null,
      mine: value.mine,
    };
  } catch {
    return null;
  }
}
