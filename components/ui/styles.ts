// Shared class lists: one calm look (zinc neutrals, an indigo accent), light and dark.
export const focusRing =
  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 focus-visible:ring-offset-white dark:focus-visible:ring-offset-zinc-950";

const buttonBase = `inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${focusRing}`;

/** A button whose action is running: it keeps the focus, so it is not disabled, only looks it. */
export const PENDING = "cursor-wait opacity-60";

export const buttonStyles = {
  // Hover never lightens under white text past 4.5:1 (indigo-400 and red-500 are under it).
  primary: `${buttonBase} bg-indigo-600 text-white hover:bg-indigo-500 dark:bg-indigo-500 dark:hover:bg-indigo-600`,
  secondary: `${buttonBase} border border-zinc-300 bg-white text-zinc-800 hover:bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:hover:bg-zinc-800`,
  danger: `${buttonBase} bg-red-600 text-white hover:bg-red-700`,
  ghost: `${buttonBase} text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800`,
  /** A quiet button that takes something away (a row's Revoke). */
  ghostDanger: `${buttonBase} text-red-700 hover:bg-red-50 dark:text-red-400 dark:hover:bg-red-500/10`,
};

const fieldBase = `rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 shadow-sm aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${focusRing}`;

export const inputStyles = `block w-full ${fieldBase}`;

/** A select as wide as its options, beside its button (w-auto added to inputStyles lost to w-full). */
export const selectStyles = `w-auto ${fieldBase}`;

export const cardStyles = "rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

export const linkStyles = `font-medium text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400 rounded ${focusRing}`;
