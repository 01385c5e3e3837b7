"use client";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/button";
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
    <Button onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      Sign out
    </Button>
  );
}
