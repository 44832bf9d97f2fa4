"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { FieldError } from "@/components/ui/field-error";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { inputStyles } from "@/components/ui/styles";
import { useAnswerGone } from "@/components/ui/other-form-submitted";

export type SeatCountFormState = ActionState & {
  preview?: { seats: number; currentSeats: number; amount: string; currentAmount: string };
  confirmed?: boolean;
};
type Action = (state: SeatCountFormState, formData: FormData) => Promise<SeatCountFormState>;

/**
 * A subscription's seat count: the new number, then what it costs beside what it costs now,
 * then the change. Each step is a post of the action (a plain HTML form without
 * JavaScript, answered at `permalink`, this page); the bounds are the page's, from the
 * seat service (at least the seats in use and the price's first tier, at most its last).
 */
export function ChangeSeatsForm({
  action,
  permalink,
  current,
  minimum,
  maximum,
}: {
  action: Action;
  permalink: string;
  current: { seats: number; amount: string };
  minimum: number;
  maximum: number | null;
}) {
  const [state, formAction] = useActionState(action, IDLE as SeatCountFormState, permalink);
  const t = useTranslations("SeatCount");
  const input = useRef<HTMLInputElement>(null);
  const confirmHeading = useRef<HTMLHeadingElement>(null);
  const error = state.fieldErrors?.seats;
  const preview = state.preview;
  const steps = useRef<HTMLDivElement>(null);
  const countForm = useRef<HTMLFormElement>(null);
  // A done change's message stays until another form on the page is used.
  const gone = useAnswerGone(state, (target) => Boolean(steps.current?.contains(target) || countForm.current?.contains(target)));

  useEffect(() => {
    if (state === IDLE) return;
    // Each step takes the focus where the person goes on: the question, or the number to fix.
    if (state.preview) confirmHeading.current?.focus();
    else if (state.fieldErrors || state.status === "idle") input.current?.focus();
  }, [state]);

  if (preview) {
    const more = preview.seats > preview.currentSeats;
    return (
      <div ref={steps} className="space-y-4" data-testid="seat-count-preview">
        <h3 ref={confirmHeading} tabIndex={-1} className="rounded text-sm font-semibold outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
          {t(more ? "previewMore" : "previewFewer", { from: preview.currentSeats, to: preview.seats })}
        </h3>
        <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-1 text-sm">
          <dt className="text-zinc-600 dark:text-zinc-400">{t("now")}</dt>
          <dd data-testid="current-amount">{t("countAndAmount", { seats: preview.currentSeats, amount: preview.currentAmount })}</dd>
          <dt className="text-zinc-600 dark:text-zinc-400">{t("after")}</dt>
          <dd className="font-semibold" data-testid="new-amount">
            {t("countAndAmount", { seats: preview.seats, amount: preview.amount })}
          </dd>
        </dl>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("billingNote")}</p>
        <div className="flex flex-wrap gap-2">
          <form action={formAction}>
            <input type="hidden" name="intent" value="confirm" />
            <input type="hidden" name="seats" value={preview.seats} />
            <SubmitButton pendingLabel={t("changing")}>{t("confirm", { seats: preview.seats })}</SubmitButton>
          </form>
          <form action={formAction}>
            <input type="hidden" name="intent" value="edit" />
            <input type="hidden" name="seats" value={preview.seats} />
            <SubmitButton variant="secondary" pendingLabel={t("back")}>
              {t("back")}
            </SubmitButton>
          </form>
        </div>
      </div>
    );
  }

  return (
    <form ref={countForm} action={formAction} noValidate className="space-y-3" aria-label={t("formLabel")}>
      <input type="hidden" name="intent" value="preview" />
      <p className="text-sm text-zinc-600 dark:text-zinc-400">
        {t("current", { seats: current.seats, amount: current.amount })}{" "}
        {maximum === null ? t("boundsFrom", { minimum }) : t("bounds", { minimum, maximum })}
      </p>
      <div className="flex flex-wrap items-start gap-3">
        <div>
          <label htmlFor="seat-count" className="mb-1.5 block text-sm font-medium">
            {t("newCount")}
          </label>
          <input
            ref={input}
            id="seat-count"
            name="seats"
            type="number"
            inputMode="numeric"
            required
            min={minimum}
            max={maximum ?? undefined}
            step={1}
            // A refused or edited number comes back as it was; a done change starts from the new count.
            key={state.confirmed ? `done-${current.seats}` : "count"}
            defaultValue={state.confirmed ? current.seats : (state.values?.seats ?? current.seats)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "seat-count-error" : undefined}
            className={`${inputStyles} w-32`}
          />
          <FieldError id="seat-count-error" errors={error} />
        </div>
        <SubmitButton variant="secondary" pendingLabel={t("previewing")} className="sm:mt-7">
          {t("preview")}
        </SubmitButton>
      </div>
      <FormStatus state={state.fieldErrors || gone ? IDLE : state} />
    </form>
  );
}
