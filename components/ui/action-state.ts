/** What every server action returns to its form (useActionState). */
export type ActionState = {
  status: "idle" | "success" | "error";
  message?: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** Echoed input, so a refused form keeps what the person typed. */
  values?: Record<string, string>;
};

export const IDLE: ActionState = { status: "idle" };
