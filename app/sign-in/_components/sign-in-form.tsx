"use client";
import { HydratedFieldset } from "@/components/hydrated-fieldset";
import { useMutation } from "@tanstack/react-query";
import { Button } from "@/components/button";
import { useTRPC } from "@/trpc/client";

const inputClass = "w-full rounded-md border border-border bg-background px-3 py-2 text-sm";

export function SignInForm({ next }: { next: string }) {
  const trpc = useTRPC();
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      // A full page load so the server renders the signed-in layout with the new cookie.
      onSuccess: () => window.location.assign(next),
    }),
  );

  function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    signIn.mutate({ username: String(form.get("username") ?? ""), password: String(form.get("password") ?? "") });
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4 rounded-lg border border-border bg-surface p-6">
      <HydratedFieldset>
        <div className="space-y-1">
          <label htmlFor="username" className="block text-sm font-medium">
            Username
          </label>
          <input id="username" name="username" autoComplete="username" required className={inputClass} />
        </div>
        <div className="space-y-1">
          <label htmlFor="password" className="block text-sm font-medium">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className={inputClass}
          />
        </div>
        {signIn.error && (
          <p role="alert" className="text-sm text-danger">
            {signIn.error.data?.code === "UNAUTHORIZED"
              ? "Wrong username or password, or the user is disabled."
              : signIn.error.message}
          </p>
        )}
        <Button variant="primary" size="lg" className="w-full" type="submit" disabled={signIn.isPending}>
          Sign in
        </Button>
      </HydratedFieldset>
    </form>
  );
}
