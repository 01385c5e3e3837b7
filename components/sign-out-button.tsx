"use client";
import { useMutation } from "@tanstack/react-query";
import { useTRPC } from "@/trpc/client";

export function SignOutButton() {
  const trpc = useTRPC();
  const signOut = useMutation(
    trpc.auth.signOut.mutationOptions({
      // A full page load, not a client navigation: no cached data of the old session survives.
      onSuccess: () => window.location.assign("/sign-in"),
    }),
  );
  return (
    <button
      type="button"
      onClick={() => signOut.mutate()}
      disabled={signOut.isPending}
      className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-raised disabled:opacity-60"
    >
      Sign out
    </button>
  );
}
