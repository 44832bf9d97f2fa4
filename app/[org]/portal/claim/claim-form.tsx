"use client";

import { useActionState } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";

export function ClaimForm({ action, token }: { action: (state: ActionState, formData: FormData) => Promise<ActionState>; token: string }) {
  const [state, formAction] = useActionState(action, IDLE);
  return (
    <form action={formAction} className="mt-6 space-y-3">
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Claiming…" className="w-full">
        Claim my seat
      </SubmitButton>
      <FormStatus state={state} />
    </form>
  );
}
