// Shared class lists: one calm look (zinc neutrals, an indigo accent), light and dark.
export const focusRing =
  "focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 focus-visible:ring-offset-white dark:focus-visible:ring-offset-zinc-950";

// Buttons repeat on every seat row: their utilities live once in app/globals.css (.btn).
export const buttonStyles = {
  primary: "btn btn-primary",
  secondary: "btn btn-secondary",
  danger: "btn btn-danger",
  ghost: "btn btn-ghost",
};

export const inputStyles = `block w-full rounded-lg border border-zinc-300 bg-white px-3 py-2 text-sm text-zinc-900 placeholder:text-zinc-400 shadow-sm aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 ${focusRing}`;

export const cardStyles = "rounded-xl border border-zinc-200 bg-white shadow-sm dark:border-zinc-800 dark:bg-zinc-900";

export const linkStyles = `font-medium text-indigo-600 underline-offset-4 hover:underline dark:text-indigo-400 rounded ${focusRing}`;
