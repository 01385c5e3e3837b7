"use client";
// What a section shows when its data could not be loaded: the message and a retry button.
import { Button } from "@/components/button";

export function ErrorState({
  title = "Could not load this",
  error,
  onRetry,
}: {
  title?: string;
  error: unknown;
  onRetry?: () => void;
}) {
  const message = error instanceof Error ? error.message : String(error);
  return (
    <div data-slot="error-state" role="alert" className="space-y-2 rounded-lg border border-danger bg-danger-soft p-4">
      <h3 className="font-medium text-danger">{title}</h3>
      <p className="text-sm">{message}</p>
      {onRetry && (
        // bg-surface: the button stays readable on the alert's tinted background.
        <Button onClick={onRetry} className="bg-surface">
          Try again
        </Button>
      )}
    </div>
  );
}
