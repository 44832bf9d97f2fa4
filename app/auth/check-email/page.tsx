import { cardStyles } from "@/components/ui/styles";

export const metadata = { title: "Check your email" };

export default function CheckEmailPage() {
  return (
    <main className="mx-auto max-w-md px-4 pt-16">
      <div className={`${cardStyles} p-8`} role="status">
        <h1 className="text-xl font-semibold">Check your email</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">A sign-in link is on its way. It works once, for 15 minutes.</p>
      </div>
    </main>
  );
}
