// How every form shows a refusal (tested in formError.test.ts). Form commands reject with a
// FormError (the sentence, and the form's own name for the field it is about); other commands
// reject with a bare sentence, which belongs to the whole form.
import type { FormError } from "../generated/FormError";
import { errorText } from "./backend";

export type { FormError };

/** A command's rejection as a FormError, whatever shape it came in. */
export function formError(failure: unknown): FormError {
  if (typeof failure === "object" && failure !== null && "message" in failure) {
    const { field, message } = failure as { field?: unknown; message: unknown };
    return { field: typeof field === "string" ? field : null, message: String(message) };
  }
  return { field: null, message: errorText(failure) };
}

/** The message to show next to `field`, if the error is about it. */
export function errorFor(error: FormError | null, field: string): string | null {
  return error?.field === field ? error.message : null;
}

/** What ties a form's field to its name: `{form}-{name}` as its id and test id, the core's
 *  refusal about it, and the test id of the line that shows it (spread on a TextField or a
 *  DateField). */
export function fieldOf(
  form: string,
  error: FormError | null,
  name: string,
  errorTestid?: string,
): { id: string; testid: string; error: string | null; errorTestid?: string } {
  return { id: `${form}-${name}`, testid: `${form}-${name}`, error: errorFor(error, name), errorTestid };
}

/** The message to show above the form: an error about no field the form shows. */
export function generalError(error: FormError | null, shownFields: readonly string[]): string | null {
  if (error === null) return null;
  return error.field !== null && shownFields.includes(error.field) ? null : error.message;
}
