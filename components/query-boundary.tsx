"use client";
// Suspense + error boundary for one section of a page: while its query loads it shows the
// section's skeleton, and when the query fails it shows ErrorState with a retry that refetches,
// leaving the rest of the page working.
import { QueryErrorResetBoundary } from "@tanstack/react-query";
import React, { Suspense } from "react";
import { ErrorState } from "@/components/error-state";

interface BoundaryState {
  error: unknown;
}

class ErrorBoundary extends React.Component<
  { onReset: () => void; title: string; children: React.ReactNode },
  BoundaryState
> {
  override state: BoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): BoundaryState {
    return { error };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <ErrorState
        title={this.props.title}
        error={this.state.error}
        onRetry={() => {
          this.props.onReset();
          this.setState({ error: null });
        }}
      />
    );
  }
}

export function QueryBoundary({
  fallback,
  errorTitle,
  children,
}: {
  fallback: React.ReactNode;
  errorTitle: string;
  children: React.ReactNode;
}) {
  return (
    <QueryErrorResetBoundary>
      {({ reset }) => (
        <ErrorBoundary onReset={reset} title={errorTitle}>
          <Suspense fallback={fallback}>{children}</Suspense>
        </ErrorBoundary>
      )}
    </QueryErrorResetBoundary>
  );
}
