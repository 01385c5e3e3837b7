"use client";
import { Button } from "@/components/button";

// Shown when a page fails to render, e.g. the database cannot be opened.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-lg border border-border bg-surface p-6">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="text-sm text-muted">
        {error.digest ? `Error reference ${error.digest}. See the server log.` : error.message}
      </p>
      <Button onClick={reset}>Try again</Button>
    </div>
  );
}
