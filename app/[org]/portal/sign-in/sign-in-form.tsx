"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { FieldError } from "@/components/ui/field-error";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { inputStyles } from "@/components/ui/styles";

type SignInAction = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function SignInForm({ action, next, email }: { action: SignInAction; next: string | null; email?: string }) {
  const [state, formAction] = useActionState(action, IDLE);
  const t = useTranslations("SignIn");
  const error = state.fieldErrors?.email;
  return (
    <form action={formAction} noValidate className="mt-6 space-y-4">
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div>
        <label htmlFor="sign-in-email" className="mb-1.5 block text-sm font-medium">
          {t("emailLabel")}
        </label>
        <input
          id="sign-in-email"
          name="email"
          type="email"
          autoComplete="email"
          required
          autoFocus
          defaultValue={state.values?.email ?? email}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "sign-in-email-error" : undefined}
          className={inputStyles}
        />
        <FieldError id="sign-in-email-error" errors={error} />
      </div>
      <SubmitButton pendingLabel={t("sending")} className="w-full">
        {t("submit")}
      </SubmitButton>
      <FormStatus state={state.status === "error" && !error ? state : IDLE} />
    </form>
  );
}

/** "Send it again" on the check-your-email step: the same address, the same destination. */
export function SendAgainForm({ action, next, email }: { action: SignInAction; next: string | null; email: string }) {
  const [state, formAction] = useActionState(action, IDLE);
  const t = useTranslations("SignIn");
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <input type="hidden" name="email" value={email} />
      <input type="hidden" name="again" value="1" />
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <SubmitButton pendingLabel={t("sendingAgain")} variant="secondary">
        {t("sendAgain")}
      </SubmitButton>
      <FormStatus state={state.status === "error" ? state : IDLE} />
    </form>
  );
}
