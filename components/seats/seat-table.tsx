"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef, useState } from "react";
import { IDLE, type ActionState } from "@/components/ui/action-state";
import { buttonStyles, inputStyles } from "@/components/ui/styles";
import { rowResultId, SEAT_FORMS, SeatRowActions, type RowActivity, type SeatAction } from "./seat-row-actions";
import { LocalTime } from "@/components/ui/local-time";
import { useOtherFormSubmitted } from "@/components/ui/other-form-submitted";
import { useRowLabels, withEmail } from "./row-labels";
import { SeatStatusBadge } from "./seat-status-badge";
import type { SeatView } from "./view-types";

export type SeatActions = { resend: SeatAction; revoke: SeatAction; share: SeatAction };

type Kind = keyof SeatActions;
const KINDS: Kind[] = ["resend", "share", "revoke"];
type Results = Record<Kind, ActionState>;

/** A seat whose revoke is being confirmed. */
type RevokeRequest = { seatId: string; email: string };
type SharedLink = { email: string; link: string };

const dialogStyles =
  "m-auto w-[min(30rem,calc(100vw-2rem))] rounded-xl border border-zinc-200 bg-white p-6 text-left text-zinc-900 shadow-xl backdrop:bg-zinc-950/40 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100";
const stepStyles = "mx-4 mb-4 rounded-xl border p-4 text-sm";
// A row: a card of two columns on a phone (person and status, then the rest across), a table row from sm.
const ROW = "grid grid-cols-[minmax(0,1fr)_auto] gap-x-3 gap-y-1 px-4 py-3 sm:table-row sm:p-0";
const CELL = "block sm:table-cell sm:px-4 sm:py-3 sm:align-middle";
// On a phone the column's name goes before the date (as generated content: the table's
// header names it from sm on).
const DATE_CELL = "text-xs text-zinc-600 max-sm:before:content-[attr(data-label)] sm:whitespace-nowrap sm:text-sm dark:text-zinc-400";

const hrefOf = (path: string, query: Record<string, string>) => {
  const search = new URLSearchParams(query).toString();
  return search ? `${path}?${search}` : path;
};

/**
 * The seats of one subscription or order, with each row's actions. One client component
 * for the whole table: the page hands it plain rows (strings, already formatted), so what
 * travels to the browser is the rows' data, not a tree of elements per row.
 *
 * Each action has one form for the whole table, driven by one useActionState given the
 * server action itself: without JavaScript (or before hydration) the form posts as plain
 * HTML to `permalink`, this same page, which comes back rendered with the action's answer
 * as that hook's state. With JavaScript the same forms run in place. The revoke
 * confirmation is a dialog with JavaScript and, without it, a step of the page
 * (`?confirm=<seat>`, a GET), rendered here once for the page.
 */
export function SeatTable({
  org,
  seats,
  actions,
  path,
  query,
  confirm,
}: {
  org: string;
  seats: SeatView[];
  actions: SeatActions;
  /** This page's path and query (filters, page; never the confirmation step): where the forms answer. */
  path: string;
  query: Record<string, string>;
  /** The seat whose revoke is confirmed as a step of the page (no JavaScript). */
  confirm?: string | null;
}) {
  const t = useTranslations("SeatTable");
  const labels = useRowLabels();
  const here = hrefOf(path, query);
  // The same string on the page that posts and on the page that answers: React matches the
  // answer to its hook by it. The fragment brings the answer into view at 100 rows.
  const permalink = `${here}#seats`;
  const [resendState, resend, resending] = useActionState(actions.resend, IDLE, permalink);
  const [shareState, share, sharing] = useActionState(actions.share, IDLE, permalink);
  const [revokeState, revoke, revokeRunning] = useActionState(actions.revoke, IDLE, permalink);
  const results: Results = { resend: resendState, share: shareState, revoke: revokeState };

  // Answers present at the first render came from a plain HTML post: the page shows them
  // above the table until another action answers. Later answers belong to a row.
  const [answered] = useState(results);
  const [seen, setSeen] = useState(results);
  const [targets, setTargets] = useState<Partial<Record<Kind, string>>>({});
  const [rowResults, setRowResults] = useState<Record<string, ActionState>>({});
  const [revoking, setRevoking] = useState<RevokeRequest | null>(null);
  const [shared, setShared] = useState<SharedLink | null>(null);
  // The row whose revoke just answered: its buttons are gone with the seat, so the focus
  // would fall to the page; it goes to the row's result instead.
  const [focusResultOf, setFocusResultOf] = useState<{ row: string } | null>(null);
  // One answer on screen at a time: the latest action's. An earlier row's result, or the
  // answer of a plain HTML post above the table, goes when another action starts, here or
  // in another form of the page.
  const [pageAnswersDismissed, setPageAnswersDismissed] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const clearAnswers = () => {
    setRowResults({});
    setPageAnswersDismissed(true);
  };
  useOtherFormSubmitted((target) => Boolean(root.current?.contains(target)), clearAnswers);
  useEffect(() => {
    if (focusResultOf) document.getElementById(rowResultId(focusResultOf.row))?.focus();
  }, [focusResultOf]);

  const changed = KINDS.filter((kind) => results[kind] !== seen[kind]);
  if (changed.length > 0) {
    // Adjusted while rendering, not in an effect, so a row never shows an older result for
    // a frame. An answer goes to the row of its seat, or, when that seat is not on the page
    // (a changed seat_id is refused), to the row whose button was pressed.
    setSeen(results);
    const onPage = new Set(seats.map((seat) => seat.id));
    const next: Record<string, ActionState> = {};
    for (const kind of changed) {
      const state = results[kind];
      const row = state.values?.seat_id && onPage.has(state.values.seat_id) ? state.values.seat_id : targets[kind];
      const link = state.values?.link;
      if (kind === "share" && state.status === "success" && link) setShared({ email: state.values?.email ?? "", link });
      else if (row && state.message) {
        next[row] = state;
        if (kind === "revoke") setFocusResultOf({ row });
      }
    }
    setRowResults(next);
  }
  const fresh = changed.length === 0 && KINDS.every((kind) => results[kind] === answered[kind]);
  const pageAnswers = fresh && !pageAnswersDismissed ? KINDS.map((kind) => answered[kind]).filter((state) => state.message) : [];

  const remember = (kind: Kind) => (event: React.FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const row = submitter?.closest("tr")?.getAttribute("data-seat-id");
    clearAnswers();
    if (row) setTargets((current) => ({ ...current, [kind]: row }));
  };
  const activity = (seat: SeatView): RowActivity => ({
    resending: resending && targets.resend === seat.id,
    sharing: sharing && targets.share === seat.id,
    revoking: revokeRunning && targets.revoke === seat.id,
    result: rowResults[seat.id],
  });
  const confirming = confirm ? seats.find((seat) => seat.id === confirm && seat.status !== "revoked") : undefined;
  const revokeForm = (request: RevokeRequest, cancel: React.ReactNode, onSubmit?: () => void) => (
    <form
      action={revoke}
      onSubmit={() => {
        clearAnswers();
        setTargets((current) => ({ ...current, revoke: request.seatId }));
        onSubmit?.();
      }}
      className="mt-4 flex flex-wrap justify-end gap-2"
    >
      <input type="hidden" name="org" value={org} />
      <input type="hidden" name="seat_id" value={request.seatId} />
      {cancel}
      <button type="submit" className={buttonStyles.danger}>
        {t("revokeConfirm")}
      </button>
    </form>
  );

  return (
    <div ref={root}>
      {pageAnswers.map((state) =>
        state.values?.link ? (
          // Not the permalink: the page already is at it, and a link that differs only by
          // its fragment would not load the page again.
          <SharedLinkStep key="share" shared={{ email: state.values.email ?? "", link: state.values.link }} doneHref={here} />
        ) : (
          <p
            key={state.message}
            role="status"
            className={`${stepStyles} ${state.status === "error" ? "border-red-200 text-red-700 dark:border-red-900 dark:text-red-300" : "border-emerald-200 text-emerald-800 dark:border-emerald-900 dark:text-emerald-300"}`}
          >
            {state.message}
          </p>
        ),
      )}
      {confirming ? (
        <section id="revoke-confirm" aria-labelledby="revoke-step-title" className={`${stepStyles} border-red-200 dark:border-red-900`}>
          <RevokeQuestion id="revoke-step-title" email={confirming.email ?? ""} />
          {revokeForm(
            { seatId: confirming.id, email: confirming.email ?? "" },
            <a href={permalink} className={buttonStyles.secondary}>
              {t("cancel")}
            </a>,
          )}
        </section>
      ) : null}
      {/* The one form per action that every row's buttons submit (see SeatRowActions). */}
      <form id={SEAT_FORMS.resend} action={resend} onSubmit={remember("resend")}>
        <input type="hidden" name="org" value={org} />
      </form>
      <form id={SEAT_FORMS.share} action={share} onSubmit={remember("share")}>
        <input type="hidden" name="org" value={org} />
      </form>
      <form id={SEAT_FORMS.revokeStep} method="get" action={`${path}#revoke-confirm`}>
        {Object.entries(query).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
      </form>
      {/* On a phone each row is a card (person and status, then dates, then actions), so that
          nothing scrolls sideways and a row's buttons sit under the person they act on; from
          the sm breakpoint it is a table. The explicit roles keep it a table to assistive
          technology whatever its display. relative: the screen-reader-only labels (absolutely
          positioned) stay inside the box instead of widening the page. */}
      <div className="relative">
        <table role="table" className="block w-full text-left text-sm sm:table">
          <caption className="sr-only">{t("caption")}</caption>
          <thead role="rowgroup" className="sr-only border-b border-zinc-200 text-xs uppercase tracking-wide text-zinc-500 sm:not-sr-only sm:table-header-group dark:border-zinc-800 dark:text-zinc-400">
            <tr role="row">
              <th role="columnheader" scope="col" className="px-4 py-3 font-medium">{t("person")}</th>
              <th role="columnheader" scope="col" className="px-4 py-3 font-medium">{t("status")}</th>
              <th role="columnheader" scope="col" className="px-4 py-3 font-medium">{t("invited")}</th>
              <th role="columnheader" scope="col" className="px-4 py-3 font-medium">{t("claimed")}</th>
              <th role="columnheader" scope="col" className="px-4 py-3 text-right font-medium">
                <span className="sr-only">{t("actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody role="rowgroup" className="block divide-y divide-zinc-100 sm:table-row-group dark:divide-zinc-800">
            {seats.map((seat) => (
              <tr key={seat.id} role="row" data-seat-id={seat.id} data-email={seat.email ?? ""} className={ROW}>
                <td role="cell" className={`${CELL} col-start-1 min-w-0 break-words`}>
                  <span className={seat.email ? "font-medium text-zinc-900 dark:text-zinc-100" : "italic text-zinc-600 dark:text-zinc-300"}>{seat.email ?? labels.freeRevoked}</span>
                  {seat.formerEmail && !seat.email ? <span className="block text-xs text-zinc-600 dark:text-zinc-400" data-testid="former-email">{withEmail(labels.formerly, seat.formerEmail)}</span> : null}
                  {seat.link ? (
                    <span className="block text-xs text-zinc-500 dark:text-zinc-400" data-testid="link-note">
                      {seat.link.lapsed ? labels.linkExpired : labels.linkValidUntil}
                      <LocalTime value={seat.link.at} />
                    </span>
                  ) : null}
                  {seat.details.length ? (
                    <ul className="mt-1 flex flex-wrap gap-1" aria-label={labels.metadata} data-testid="seat-details">
                      {seat.details.map((detail) => (
                        <li key={detail.key} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
                          <span className="text-zinc-600 dark:text-zinc-400">{detail.key}:</span> {detail.value}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </td>
                <td role="cell" className={`${CELL} col-start-2 row-start-1 justify-self-end`}>
                  <SeatStatusBadge status={seat.status} label={labels.status[seat.status]} />
                </td>
                <td role="cell" data-label={labels.invitedLabel} className={`${CELL} ${DATE_CELL} col-span-2`}>
                  <LocalTime value={seat.invited} />
                </td>
                <td role="cell" data-label={labels.claimedLabel} className={`${CELL} ${DATE_CELL} col-span-2 ${seat.claimed ? "" : "max-sm:hidden"}`}>
                  <LocalTime value={seat.claimed} />
                </td>
                <td role="cell" className={`${CELL} col-span-2 sm:text-right`}>
                  <SeatRowActions seat={seat} activity={activity(seat)} labels={labels} onRevoke={(target) => setRevoking({ seatId: target.id, email: target.email ?? "" })} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <RevokeDialog request={revoking} onClose={() => setRevoking(null)} form={revokeForm} />
      <ShareDialog shared={shared} onClose={() => setShared(null)} />
    </div>
  );
}

function useModal(open: boolean) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}

function RevokeQuestion({ id, email }: { id: string; email: string }) {
  const t = useTranslations("SeatTable");
  return (
    <>
      <h2 id={id} className="text-base font-semibold">
        {t("revokeTitle")}
      </h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {t.rich("revokeBody", { email, b: (chunks) => <span className="font-medium text-zinc-900 dark:text-zinc-100">{chunks}</span> })}
      </p>
    </>
  );
}

/** The confirmation step before a seat is taken back; the result shows in the seat's row. */
function RevokeDialog({
  request,
  onClose,
  form,
}: {
  request: RevokeRequest | null;
  onClose: () => void;
  form: (request: RevokeRequest, cancel: React.ReactNode, onSubmit?: () => void) => React.ReactNode;
}) {
  const dialog = useModal(request !== null);
  const t = useTranslations("SeatTable");
  return (
    <dialog ref={dialog} aria-labelledby="revoke-title" className={dialogStyles} onClose={onClose}>
      <RevokeQuestion id="revoke-title" email={request?.email ?? ""} />
      {request
        ? form(
            request,
            <button type="button" className={buttonStyles.secondary} onClick={onClose} autoFocus>
              {t("cancel")}
            </button>,
            onClose,
          )
        : null}
    </dialog>
  );
}

function SharedLinkField({ link }: { link: string }) {
  const t = useTranslations("SeatTable");
  return (
    <>
      <label htmlFor="share-link" className="sr-only">
        {t("linkLabel")}
      </label>
      <input id="share-link" readOnly value={link} onFocus={(event) => event.currentTarget.select()} className={`${inputStyles} mt-4 font-mono text-xs`} data-testid="shared-link" />
    </>
  );
}

/**
 * A shared link as the answer to a plain HTML post: part of the page, not a dialog (which
 * needs a script to open). Done goes back to the page without it, so it is shown once.
 */
function SharedLinkStep({ shared, doneHref }: { shared: SharedLink; doneHref: string }) {
  const t = useTranslations("SeatTable");
  return (
    <section aria-labelledby="share-step-title" className={`${stepStyles} border-indigo-200 dark:border-indigo-900`}>
      <h2 id="share-step-title" className="text-base font-semibold">
        {t("linkFor", { email: shared.email })}
      </h2>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        {t("shownOnce", { email: shared.email })} {t("selectToCopy")}
      </p>
      <SharedLinkField link={shared.link} />
      <div className="mt-4 flex justify-end">
        <a href={doneHref} className={buttonStyles.primary}>
          {t("done")}
        </a>
      </div>
    </section>
  );
}

/** A link made to be passed on by hand: shown once, never stored. */
function ShareDialog({ shared, onClose }: { shared: SharedLink | null; onClose: () => void }) {
  const dialog = useModal(shared !== null);
  const [copied, setCopied] = useState<string | null>(null);
  const t = useTranslations("SeatTable");
  return (
    <dialog ref={dialog} aria-labelledby="share-title" className={dialogStyles} onClose={onClose}>
      <h2 id="share-title" className="text-base font-semibold">
        {t("linkFor", { email: shared?.email ?? "" })}
      </h2>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{t("shownOnce", { email: shared?.email ?? "" })}</p>
      {shared ? <SharedLinkField link={shared.link} /> : null}
      <div className="mt-6 flex justify-end gap-2">
        <button
          type="button"
          className={buttonStyles.secondary}
          onClick={async () => {
            const link = shared?.link;
            if (link) await navigator.clipboard?.writeText(link).then(() => setCopied(link), () => setCopied(null));
          }}
        >
          {copied !== null && copied === shared?.link ? t("copied") : t("copy")}
        </button>
        <button type="button" className={buttonStyles.primary} onClick={onClose} autoFocus>
          {t("done")}
        </button>
      </div>
    </dialog>
  );
}
