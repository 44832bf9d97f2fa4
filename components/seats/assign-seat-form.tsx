"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import type { ActionState } from "@/components/ui/action-state";
import { IDLE } from "@/components/ui/action-state";
import { FieldError } from "@/components/ui/field-error";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { inputStyles } from "@/components/ui/styles";
import { useAnswerGone } from "@/components/ui/other-form-submitted";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

export function AssignSeatForm({ action, disabled }: { action: Action; disabled?: string | null }) {
  const [state, formAction] = useActionState(action, IDLE);
  const t = useTranslations("AssignForm");
  const form = useRef<HTMLFormElement>(null);
  const emailError = state.fieldErrors?.email;
  const metadataError = state.fieldErrors?.metadata;
  // The answer shown until another form on the page is used (its own answer is the news then).
  const gone = useAnswerGone(state, (target) => Boolean(form.current?.contains(target)));

  useEffect(() => {
    if (state.status === "success") form.current?.reset();
    // A refused field gets the focus, so its message is read out with it (and said once).
    if (state.fieldErrors) form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [state]);

  const answer = <FormStatus state={state.fieldErrors || gone ? IDLE : state} />;
  if (disabled) {
    // The invitation that took the last seat still says it was sent, above why no more can be.
    return (
      <div className="space-y-1">
        {state.status === "success" && !gone ? answer : null}
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{disabled}</p>
      </div>
    );
  }
  return (
    <form ref={form} action={formAction} noValidate className="space-y-3" aria-label={t("label")}>
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex-1">
          <label htmlFor="assign-email" className="mb-1.5 block text-sm font-medium">
            {t("email")}
          </label>
          <input
            id="assign-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            placeholder={t("emailPlaceholder")}
            defaultValue={state.status === "error" ? state.values?.email : undefined}
            aria-invalid={emailError ? true : undefined}
            aria-describedby={emailError ? "assign-email-error" : undefined}
            className={inputStyles}
          />
          <FieldError id="assign-email-error" errors={emailError} />
        </div>
        <SubmitButton pendingLabel={t("sending")} className="sm:mt-7">
          {t("submit")}
        </SubmitButton>
      </div>
      <details className="group text-sm" open={Boolean(metadataError)}>
        <summary className="cursor-pointer select-none text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
          {t("addMetadata")}
        </summary>
        <div className="mt-2">
          <label htmlFor="assign-metadata" className="mb-1.5 block text-sm font-medium">
            {t.rich("metadata", { code: (chunks) => <code className="font-mono">{chunks}</code> })}
          </label>
          <textarea
            id="assign-metadata"
            name="metadata"
            rows={3}
            placeholder={t("metadataPlaceholder")}
            defaultValue={state.status === "error" ? state.values?.metadata : undefined}
            aria-invalid={metadataError ? true : undefined}
            aria-describedby={metadataError ? "assign-metadata-error" : undefined}
            className={`${inputStyles} font-mono`}
          />
          <FieldError id="assign-metadata-error" errors={metadataError} />
        </div>
      </details>
      {answer}
    </form>
  );
}
