"use client";

import { useActionState } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { FieldError } from "@/components/ui/field-error";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { inputStyles } from "@/components/ui/styles";

export function SignInForm({ action }: { action: (state: ActionState, formData: FormData) => Promise<ActionState> }) {
  const [state, formAction] = useActionState(action, IDLE);
  const error = state.fieldErrors?.email;
  return (
    <form action={formAction} noValidate className="mt-6 space-y-4">
      <div>
        <label htmlFor="sign-in-email" className="mb-1.5 block text-sm font-medium">
          Email address
        </label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={state.values?.email}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "sign-in-email-error" : undefined}
          className={inputStyles}
        />
        <FieldError id="sign-in-email-error" errors={error} />
      </div>
      <SubmitButton pendingLabel="Sending link…" className="w-full">
        Email me a sign-in link
      </SubmitButton>
      <FormStatus state={state.status === "error" && !error ? state : IDLE} />
    </form>
  );
}
