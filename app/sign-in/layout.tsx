// The sign-in page sits outside the console shell: no sidebar before there is a user.
export default function SignInLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="border-b border-border bg-surface">
        <div className="mx-auto flex max-w-4xl items-center gap-3 px-6 py-4">
          <span aria-hidden="true" className="size-3 rounded-full bg-accent" />
          <span className="text-lg font-semibold tracking-tight">pitcrew</span>
          <span className="text-sm text-muted">console</span>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-6 py-8">{children}</main>
    </>
  );
}
