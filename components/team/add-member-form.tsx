"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { FieldError } from "@/components/ui/field-error";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { inputStyles } from "@/components/ui/styles";
import { useAnswerGone } from "@/components/ui/other-form-submitted";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;

/** Adds someone to the team: an address, an optional name and a role (billing manager or member). */
export function AddMemberForm({ action }: { action: Action }) {
  const [state, formAction] = useActionState(action, IDLE);
  const t = useTranslations("TeamPage");
  const roles = useTranslations("Roles");
  const form = useRef<HTMLFormElement>(null);
  const errors = state.fieldErrors ?? {};
  const kept = state.status === "error" ? state.values : undefined;
  // The answer shown until another form on the page is used (its own answer is the news then).
  const gone = useAnswerGone(state, (target) => Boolean(form.current?.contains(target)));

  useEffect(() => {
    if (state.status === "success") form.current?.reset();
    // A refused field gets the focus, so its message is read out with it.
    if (state.fieldErrors) form.current?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
  }, [state]);

  const field = (name: string) => ({
    "aria-invalid": errors[name] ? true : undefined,
    "aria-describedby": errors[name] ? `add-member-${name}-error` : undefined,
  });

  return (
    <form ref={form} action={formAction} noValidate className="space-y-3" aria-label={t("addLabel")}>
      <div className="grid gap-3 sm:grid-cols-[minmax(0,2fr)_minmax(0,1.5fr)_minmax(0,1fr)_auto] sm:items-start">
        <div>
          <label htmlFor="add-member-email" className="mb-1.5 block text-sm font-medium">
            {t("email")}
          </label>
          <input id="add-member-email" name="email" type="email" autoComplete="off" required placeholder={t("emailPlaceholder")} defaultValue={kept?.email} className={inputStyles} {...field("email")} />
          <FieldError id="add-member-email-error" errors={errors.email} />
        </div>
        <div>
          <label htmlFor="add-member-name" className="mb-1.5 block text-sm font-medium">
            {t("name")} <span className="font-normal text-zinc-500 dark:text-zinc-400">{t("optional")}</span>
          </label>
          <input id="add-member-name" name="name" type="text" autoComplete="off" maxLength={256} defaultValue={kept?.name} className={inputStyles} {...field("name")} />
          <FieldError id="add-member-name-error" errors={errors.name} />
        </div>
        <div>
          <label htmlFor="add-member-role" className="mb-1.5 block text-sm font-medium">
            {t("role")}
          </label>
          <select id="add-member-role" name="role" defaultValue={kept?.role || "billing_manager"} className={inputStyles} {...field("role")}>
            <option value="billing_manager">{roles("billing_manager")}</option>
            <option value="member">{roles("member")}</option>
          </select>
          <FieldError id="add-member-role-error" errors={errors.role} />
        </div>
        <SubmitButton pendingLabel={t("adding")} className="sm:mt-7">
          {t("add")}
        </SubmitButton>
      </div>
      <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("addHint")}</p>
      <FormStatus state={state.fieldErrors || gone ? IDLE : state} />
    </form>
  );
}
