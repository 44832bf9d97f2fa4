import { cardStyles } from "@/components/ui/styles";

export const metadata = { title: "Sign-in problem" };

const MESSAGES: Record<string, string> = {
  Verification: "This sign-in link has expired or was already used. Ask for a new one from your portal's sign-in page.",
  Configuration: "Sign-in is not set up correctly on this server. Contact the portal's operator.",
  AccessDenied: "You may not sign in here.",
};

export default async function AuthErrorPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const { error } = await searchParams;
  return (
    <main className="mx-auto max-w-md px-4 pt-16">
      <div className={`${cardStyles} p-8`} role="alert">
        <h1 className="text-xl font-semibold">We could not sign you in</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          {MESSAGES[error ?? ""] ?? "Something went wrong while signing you in. Try again from your portal's sign-in page."}
        </p>
      </div>
    </main>
  );
}
