// A dialog's form on its way to the core: busy while it goes, the core's refusal kept for
// the dialog to show beside its field. One copy for every dialog of the Accounts screen.
import { formError, type FormError } from "../../lib/formError";

export class Submission {
  busy = $state(false);
  error = $state<FormError | null>(null);

  /** Runs `action`; a refusal stays in `error`. Whether it went through. */
  async run(action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      await action();
      return true;
    } catch (failure) {
      this.error = formError(failure);
      return false;
    } finally {
      this.busy = false;
    }
  }
}
