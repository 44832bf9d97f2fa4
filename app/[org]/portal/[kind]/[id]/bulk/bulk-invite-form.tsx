"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useActionState, useRef, useState, useTransition } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { SubmitButton } from "@/components/ui/submit-button";
import { buttonStyles, inputStyles, linkStyles } from "@/components/ui/styles";
import type { BulkInviteState } from "../../../actions";

type Action = (state: BulkInviteState, formData: FormData) => Promise<BulkInviteState>;

type Outcome = "assigned" | "already_assigned" | "invalid" | "duplicate" | "no_capacity";

const OUTCOME_TONE: Record<Outcome, string> = {
  assigned: "text-emerald-700 dark:text-emerald-400",
  already_assigned: "text-zinc-600 dark:text-zinc-400",
  invalid: "text-red-700 dark:text-red-400",
  duplicate: "text-amber-700 dark:text-amber-400",
  no_capacity: "text-orange-700 dark:text-orange-400",
};

export function BulkInviteForm({ action, seatsHref }: { action: Action; seatsHref: string }) {
  const [state, formAction] = useActionState(action, { status: "idle" });
  const [checking, startChecking] = useTransition();
  const t = useTranslations("Bulk");
  const [list, setList] = useState("");
  // The answer the person has moved on from (edited the list, chose another file, started
  // over): its preview and its confirmation go, so that nobody confirms a list they no
  // longer see. A new answer is shown again.
  const [dropped, setDropped] = useState<BulkInviteState | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const current = dropped === state ? null : state;
  const preview = current?.preview;
  const willInvite = current?.assigned ?? 0;
  const drop = () => setDropped(state);

  return (
    <div className="mt-5 space-y-5">
      <form
        action={formAction}
        // With JavaScript the check is sent by hand: a form action resets the form after it
        // runs, and the chosen file's name would vanish while its rows are on screen.
        onSubmit={(event) => {
          event.preventDefault();
          const data = new FormData(event.currentTarget);
          startChecking(() => formAction(data));
        }}
        className="space-y-4"
        aria-label={t("formLabel")}
      >
        <input type="hidden" name="intent" value="check" />
        <div>
          <label htmlFor="bulk-list" className="mb-1.5 block text-sm font-medium">
            {t("list")}
          </label>
          <textarea
            id="bulk-list"
            name="list"
            rows={8}
            value={list}
            onChange={(event) => {
              setList(event.target.value);
              drop();
            }}
            placeholder={"ana@example.com\nben@example.com\n\nor\n\nemail,team\nana@example.com,design"}
            className={`${inputStyles} font-mono`}
          />
        </div>
        <div>
          <label htmlFor="bulk-file" className="mb-1.5 block text-sm font-medium">
            {t("file")}
          </label>
          <input id="bulk-file" ref={file} name="file" type="file" accept=".csv,text/csv,text/plain" onChange={drop} className="block text-sm file:mr-3 file:rounded-lg file:border-0 file:bg-zinc-100 file:px-3 file:py-2 file:text-sm file:font-medium dark:file:bg-zinc-800" />
        </div>
        <SubmitButton variant="secondary" pendingLabel={t("checking")} pending={checking}>
          {t("check")}
        </SubmitButton>
      </form>

      {current ? <FormStatus state={current} /> : null}

      {preview ? (
        <div className="space-y-4">
          <div className="max-h-[28rem] overflow-auto rounded-lg border border-zinc-200 dark:border-zinc-800">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">{current?.confirmed ? t("results") : t("preview")}</caption>
              <thead className="sticky top-0 bg-zinc-50 text-xs uppercase tracking-wide text-zinc-500 dark:bg-zinc-900 dark:text-zinc-400">
                <tr>
                  <th scope="col" className="px-3 py-2 font-medium">{t("number")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{t("email")}</th>
                  <th scope="col" className="px-3 py-2 font-medium">{current?.confirmed ? t("result") : t("willDo")}</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {preview.map((row, index) => {
                  const outcome = row.outcome as Outcome;
                  return (
                    <tr key={index} data-outcome={row.outcome}>
                      <td className="px-3 py-1.5 text-zinc-500">{index + 1}</td>
                      <td className="px-3 py-1.5 font-mono text-xs">{row.email || t("empty")}</td>
                      <td className={`px-3 py-1.5 ${OUTCOME_TONE[outcome]}`}>
                        {current?.confirmed ? t(`done.${outcome}`) : t(`outcome.${outcome}`)}
                        {row.detail && row.outcome === "invalid" ? <span className="block text-xs text-zinc-500">{row.detail}</span> : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {current?.confirmed ? (
            <Link href={seatsHref} className={linkStyles}>
              {t("seeSeats")}
            </Link>
          ) : willInvite > 0 ? (
            <form action={formAction} className="flex flex-wrap items-center gap-3">
              <input type="hidden" name="intent" value="confirm" />
              <input type="hidden" name="rows" value={current?.rows ?? ""} />
              <input type="hidden" name="signature" value={current?.signature ?? ""} />
              <SubmitButton pendingLabel={t("inviting")}>
                {t("invite", { count: willInvite })}
              </SubmitButton>
              <button
                type="button"
                className={buttonStyles.ghost}
                onClick={() => {
                  setList("");
                  if (file.current) file.current.value = "";
                  drop();
                  document.getElementById("bulk-list")?.focus();
                }}
              >
                {t("startOver")}
              </button>
            </form>
          ) : (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("nobody")}</p>
          )}
        </div>
      ) : null}
    </div>
  );
}
