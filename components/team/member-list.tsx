"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { SubmitButton } from "@/components/ui/submit-button";
import { useOtherFormSubmitted } from "@/components/ui/other-form-submitted";
import { buttonStyles, selectStyles } from "@/components/ui/styles";
import type { MemberView } from "./view-types";

type Action = (state: ActionState, formData: FormData) => Promise<ActionState>;
export type MemberActions = { changeRole: Action; remove: Action; handOver: Action };

/** A step that needs a yes first: taking someone off the team, or handing the ownership to them. */
type Confirmation = { kind: "remove" | "owner"; member: MemberView };

/** The GET form that opens a confirmation as a step of the page, without JavaScript. */
const STEP_FORM = "member-confirm-step";

const dialogStyles =
  "m-auto w-[min(30rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const small = "whitespace-nowrap px-2.5 py-1.5 text-xs";

const hrefOf = (path: string, query: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
};

/**
 * The team's members with what the person signed in may do to each: change a role, remove,
 * hand the ownership over. The page decides which buttons a row has (from the team
 * service); this draws them. Each action has one useActionState given the server action:
 * without JavaScript its forms post as plain HTML to `permalink` (this page without its
 * confirmation step) and the page comes back with the answer. Removing and handing over ask
 * first: a dialog with JavaScript, a step of the page (?remove=<id>, ?owner=<id>) without.
 */
export function MemberList({
  members,
  actions,
  path,
  query,
  confirm,
}: {
  members: MemberView[];
  actions: MemberActions;
  /** This page's path and query (its page of members; never a confirmation): where the forms answer. */
  path: string;
  query: Record<string, string>;
  /** The confirmation shown as a step of the page (no JavaScript). */
  confirm: { remove?: string; owner?: string };
}) {
  const t = useTranslations("TeamPage");
  const roles = useTranslations("Roles");
  const here = hrefOf(path, query);
  // The same string on the page that posts and on the page that answers (React matches the
  // answer to its hook by it); the fragment brings the answer into view.
  const permalink = `${here}#members`;
  const [roleState, changeRole] = useActionState(actions.changeRole, IDLE, permalink);
  const [removeState, remove] = useActionState(actions.remove, IDLE, permalink);
  const [ownerState, handOver] = useActionState(actions.handOver, IDLE, permalink);
  const states = [roleState, removeState, ownerState];

  // The latest answer of any of the three, announced from above the list. Adjusted while
  // rendering, so an older answer never shows for a frame.
  const [seen, setSeen] = useState(states);
  const [latest, setLatest] = useState<ActionState>(() => states.find((state) => state.message) ?? IDLE);
  // A changed role is also shown in its row: the list's top can be thousands of pixels above
  // the 46th member (found by a newcomer's run). Not for an answer the page came with (a
  // plain HTML post), which opens at the list's top.
  const [inRow, setInRow] = useState<string | null>(null);
  const [focusAnswer, setFocusAnswer] = useState(0);
  const changed = states.findIndex((state, index) => state !== seen[index]);
  if (changed >= 0) {
    setSeen(states);
    setLatest(states[changed]!);
    const memberId = states[changed]!.values?.member_id;
    setInRow(changed === 0 && memberId && members.some((member) => member.id === memberId) ? memberId : null);
    // The row's buttons may be gone with the change (a removed member): focus goes to the answer.
    if (changed > 0) setFocusAnswer((count) => count + 1);
  }
  // The answer goes when another form of the page (adding a member) is used.
  const root = useRef<HTMLDivElement>(null);
  useOtherFormSubmitted((target) => Boolean(root.current?.contains(target)), () => setLatest(IDLE));
  const tone = latest.status === "error" ? "text-red-600 dark:text-red-400" : "text-emerald-700 dark:text-emerald-400";
  const answer = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusAnswer) answer.current?.focus();
  }, [focusAnswer]);

  const [dialog, setDialog] = useState<Confirmation | null>(null);
  const step: Confirmation | null = (() => {
    const remove = confirm.remove && members.find((member) => member.id === confirm.remove && member.offers.remove);
    if (remove) return { kind: "remove", member: remove };
    const owner = confirm.owner && members.find((member) => member.id === confirm.owner && member.offers.handOver);
    return owner ? { kind: "owner", member: owner } : null;
  })();

  const confirmForm = (confirmation: Confirmation, cancel: React.ReactNode, onSubmit?: () => void) => (
    <form action={confirmation.kind === "remove" ? remove : handOver} onSubmit={onSubmit} className="mt-4 flex flex-wrap justify-end gap-2">
      <input type="hidden" name="member_id" value={confirmation.member.id} />
      {cancel}
      <button type="submit" className={confirmation.kind === "remove" ? buttonStyles.danger : buttonStyles.primary}>
        {confirmation.kind === "remove" ? t("removeConfirm") : t("handOverConfirm")}
      </button>
    </form>
  );

  return (
    <div ref={root}>
      {/* Always there (a live region announces changes to what it holds), taking no room while empty. */}
      <div ref={answer} tabIndex={-1} data-testid="member-answer" className="mx-4 rounded outline-none focus-visible:ring-2 focus-visible:ring-indigo-500">
        <p role="status" aria-live="polite" className={inRow ? "sr-only" : `text-sm ${latest.message ? "pb-3" : ""} ${tone}`}>
          {latest.message ?? ""}
        </p>
      </div>
      {step ? (
        <section id="member-confirm" aria-labelledby="member-step-title" className="mx-4 mb-4 rounded-xl border border-red-200 p-4 text-sm dark:border-red-900">
          <ConfirmationQuestion id="member-step-title" confirmation={step} />
          {confirmForm(
            step,
            <a href={permalink} className={buttonStyles.secondary}>
              {t("cancel")}
            </a>,
          )}
        </section>
      ) : null}
      {/* The confirmation step without JavaScript: a GET of this page naming the member. */}
      <form id={STEP_FORM} method="get" action={`${path}#member-confirm`}>
        {Object.entries(query).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </form>
      <ul className="divide-y divide-zinc-100 border-t border-zinc-100 dark:divide-zinc-800 dark:border-zinc-800" aria-label={t("listLabel")}>
        {members.map((member) => (
          <li key={member.id} id={`member-${member.id}`} data-member-id={member.id} data-email={member.email} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
            <div className="min-w-0 flex-1 basis-56">
              <p className="break-words font-medium text-zinc-900 dark:text-zinc-100">
                {member.email}
                {member.you ? (
                  <span className="ml-2 inline-block whitespace-nowrap rounded-full bg-indigo-50 px-2 py-0.5 align-middle text-xs font-medium text-indigo-700 dark:bg-indigo-500/15 dark:text-indigo-300" data-testid="you">
                    {t("you")}
                  </span>
                ) : null}
              </p>
              {member.name ? <p className="break-words text-sm text-zinc-600 dark:text-zinc-400">{member.name}</p> : null}
              {/* The answer's text is read out from the live region above; this is where the eye is. */}
              {inRow === member.id && latest.message ? (
                <p aria-hidden="true" data-testid="member-row-answer" className={`text-sm ${tone}`}>
                  {latest.message}
                </p>
              ) : null}
            </div>
            {member.offers.changeRole ? (
              <form action={changeRole} className="flex flex-wrap items-center gap-2">
                <input type="hidden" name="member_id" value={member.id} />
                <label htmlFor={`role-${member.id}`} className="sr-only">
                  {t("roleOf", { email: member.email })}
                </label>
                {/* Keyed by the role: a changed role comes back as the select's new default (the button, with the focus, stays). */}
                <select key={member.role} id={`role-${member.id}`} name="role" defaultValue={member.role} className={`${selectStyles} max-w-full shrink-0 py-1.5`}>
                  <option value="billing_manager">{roles("billing_manager")}</option>
                  <option value="member">{roles("member")}</option>
                </select>
                <SubmitButton variant="secondary" pendingLabel={t("saving")} className={small}>
                  {t.rich("changeRole", { email: member.email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                </SubmitButton>
              </form>
            ) : (
              <span className="rounded-full bg-zinc-100 px-2.5 py-1 text-xs font-medium text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" data-testid="role">
                {roles(member.role)}
              </span>
            )}
            {member.offers.handOver || member.offers.remove ? (
              <div className="flex flex-wrap gap-2">
                {member.offers.handOver ? (
                  <button type="submit" form={STEP_FORM} name="owner" value={member.id} className={`${buttonStyles.ghost} ${small}`} onClick={openWith(setDialog, "owner", member)}>
                    {t.rich("handOver", { email: member.email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                  </button>
                ) : null}
                {member.offers.remove ? (
                  <button type="submit" form={STEP_FORM} name="remove" value={member.id} className={`${buttonStyles.ghostDanger} ${small}`} onClick={openWith(setDialog, "remove", member)}>
                    {t.rich("remove", { email: member.email, sr: (chunks) => <span className="sr-only">{chunks}</span> })}
                  </button>
                ) : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ConfirmDialog confirmation={dialog} onClose={() => setDialog(null)} form={confirmForm} />
    </div>
  );
}

/** With JavaScript the confirmation is a dialog, not a page. */
const openWith = (open: (confirmation: Confirmation) => void, kind: Confirmation["kind"], member: MemberView) => (event: React.MouseEvent) => {
  event.preventDefault();
  open({ kind, member });
};

function ConfirmationQuestion({ id, confirmation }: { id: string; confirmation: Confirmation }) {
  const t = useTranslations("TeamPage");
  const b = (chunks: React.ReactNode) => <span className="font-medium text-zinc-900 dark:text-zinc-100">{chunks}</span>;
  const { email } = confirmation.member;
  return (
    <>
      <h2 id={id} className="text-base font-semibold">
        {confirmation.kind === "remove" ? t("removeTitle") : t("handOverTitle")}
      </h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{confirmation.kind === "remove" ? t.rich("removeBody", { email, b }) : t.rich("handOverBody", { email, b })}</p>
    </>
  );
}

function ConfirmDialog({
  confirmation,
  onClose,
  form,
}: {
  confirmation: Confirmation | null;
  onClose: () => void;
  form: (confirmation: Confirmation, cancel: React.ReactNode, onSubmit?: () => void) => React.ReactNode;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const t = useTranslations("TeamPage");
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (confirmation && !element.open) element.showModal();
    if (!confirmation && element.open) element.close();
  }, [confirmation]);
  return (
    <dialog ref={dialog} aria-labelledby="member-dialog-title" className={dialogStyles} onClose={onClose}>
      {confirmation ? (
        <>
          <ConfirmationQuestion id="member-dialog-title" confirmation={confirmation} />
          {form(
            confirmation,
            <button type="button" className={buttonStyles.secondary} onClick={onClose} autoFocus>
              {t("cancel")}
            </button>,
            onClose,
          )}
        </>
      ) : null}
    </dialog>
  );
}
