// What the Plans screen shows and sends, kept out of the component so it can be tested.
import type { PlanForm } from "../generated/PlanForm";
import type { PlanRow } from "../generated/PlanRow";

export type PeriodChoice = "civil" | "months";

/** The core's period text: `civil` or `months:N` (N is checked by the core). */
export function periodText(choice: PeriodChoice, months: string): string {
  return choice === "civil" ? "civil" : `months:${months.trim()}`;
}

/** An empty form: a fee for the civil year. */
export function emptyPlanForm(): PlanForm {
  return {
    name: "",
    kind: "fee",
    amount: "",
    min: "",
    counterpart: "",
    quota: "",
    period: "civil",
    membersOnly: false,
    coversGap: false,
    description: "",
  };
}

/** The form as sent: what does not apply to its kind is left out (a fee has no quota…). */
export function planFormToSend(form: PlanForm, payWhatYouWant: boolean): PlanForm {
  const tier = form.kind === "tier";
  return {
    ...form,
    min: payWhatYouWant ? form.min : "",
    counterpart: tier ? "" : form.counterpart,
    quota: tier ? form.quota : "",
  };
}

/** A free tier open to everyone is everybody's floor (the core's rule, see quota.rs). */
export function isFreeFloor(plan: PlanRow): boolean {
  return (
    plan.kind === "tier" &&
    !plan.archived &&
    !plan.membersOnly &&
    plan.amountCents === 0 &&
    !plan.payWhatYouWant
  );
}
