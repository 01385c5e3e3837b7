"use client";
// Browser side of tRPC: the provider for app/layout.tsx and the useTRPC() hook for components.
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState } from "react";
import { z } from "zod";
import type { AppRouter } from "@/server/trpc/root";
import { makeQueryClient } from "@/trpc/query-client";

// Zod 4 compiles object schemas with `new Function` when it may, probing once with Function("").
// The pages' CSP forbids eval (lib/security-headers.ts), so in the browser that probe is a CSP
// violation report on every page that validates a form. jitless: plain interpreted parsing, which
// is plenty fast for forms. This module loads on every page (app/layout.tsx), before any parse.
z.config({ jitless: true });

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient() {
  // On the server (SSR of client components) always make a new client so requests never share data.
  if (typeof window === "undefined") return makeQueryClient();
  // In the browser keep one, or React would drop it when a component suspends during first render.
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}

function trpcUrl() {
  // Relative in the browser; SSR of client components has no origin, but it never fetches because
  // every query it needs was prefetched by a server component.
  return typeof window === "undefined" ? "http://localhost/api/trpc" : "/api/trpc";
}

export function TRPCReactProvider({ children }: { children: React.ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() => createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: trpcUrl() })] }));
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
