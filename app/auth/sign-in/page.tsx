import { cardStyles } from "@/components/ui/styles";

export const metadata = { title: "Sign in" };

// Sign-in happens per organization, at /{organization}/portal/sign-in.
export default function GenericSignInPage() {
  return (
    <main className="mx-auto max-w-md px-4 pt-16">
      <div className={`${cardStyles} p-8`}>
        <h1 className="text-xl font-semibold">Sign in from your portal</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          Open the customer portal of the company you buy from (its address ends in <code className="font-mono">/portal</code>) and sign in there.
        </p>
      </div>
    </main>
  );
}
