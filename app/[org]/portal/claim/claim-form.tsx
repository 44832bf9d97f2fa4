"use client";

import { useActionState } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

/** One button that posts the invitation's token: claim it, or have the invited address prove itself. */
export function ClaimForm({
  action,
  token,
  label,
  pendingLabel,
}: {
  action: (state: ActionState, formData: FormData) => Promise<ActionState>;
  token: string;
  label: string;
  pendingLabel: string;
}) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="mt-6 space-y-3">
      <input type="hidden" name="token" value={token} />
      {state.status === "success" ? null : (
        <SubmitButton pendingLabel={pendingLabel} className="w-full">
          {label}
        </SubmitButton>
      )}
      <FormStatus state={state} />
    </form>
  );
}
