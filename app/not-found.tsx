export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 pt-16 text-center">
      <h1 className="text-xl font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">There is nothing at this address.</p>
    </main>
  );
}
