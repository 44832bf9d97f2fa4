import Link from "next/link";
import { linkStyles } from "@/components/ui/styles";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md pt-8 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">There is nothing here, or it is not yours to see.</p>
      <p className="mt-6 text-sm">
        <Link href="/" className={linkStyles}>
          Go to the start page
        </Link>
      </p>
    </div>
  );
}
