/** What every server action returns to its form (useActionState). */
export type ActionState = {
  /** "warning": done, but not all of it (a bulk list with rows that will not be invited). */
  status: "idle" | "success" | "warning" | "error";
  message?: string;
  /** The refusal's code (a DomainError's), for a form that shows some refusals beside a field. */
  code?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Echoed input, so a refused form keeps what the person typed. */
  values?: Record<string, string>;
};

export const IDLE: ActionState = { status: "idle" };
