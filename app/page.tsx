export default function Home() {
  return (
    <main className="mx-auto max-w-2xl px-6 py-16">
      <h1 className="text-2xl font-semibold">Seat portal</h1>
      <p className="mt-4 text-zinc-600 dark:text-zinc-400">
        Open your organization&apos;s portal at <code className="font-mono">/&#123;organization&#125;/portal</code>, or
        use the API at <code className="font-mono">/v1</code>.
      </p>
    </main>
  );
}
