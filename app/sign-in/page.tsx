import { SignInForm } from "@/app/sign-in/_components/sign-in-form";

// Only same-site paths: "?next=https://evil.example" or "//evil.example" must not redirect away.
function safeNextPath(next: string | string[] | undefined): string {
  return typeof next === "string" && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\")
    ? next
    : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { next } = await searchParams;
  return (
    <section aria-labelledby="sign-in-heading" className="mx-auto max-w-sm space-y-4">
      <h1 id="sign-in-heading" className="text-2xl font-semibold tracking-tight">
        Sign in
      </h1>
      <SignInForm next={safeNextPath(next)} />
    </section>
  );
}
