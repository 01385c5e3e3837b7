// The signed-in console: skip link, sidebar (navigation, user, theme) and the page. Each page still
// calls requirePageCaller(path) itself, so a signed-out visit comes back to the right page.
import { cookies } from "next/headers";
import { AppSidebar } from "@/components/app-sidebar";
import { SignOutButton } from "@/components/sign-out-button";
import { ThemeToggle } from "@/components/theme-toggle";
import { parseTheme, THEME_COOKIE } from "@/lib/theme";
import { getPageCaller } from "@/server/auth/page-caller";

export default async function ConsoleLayout({ children }: { children: React.ReactNode }) {
  const caller = await getPageCaller();
  const theme = parseTheme((await cookies()).get(THEME_COOKIE)?.value);
  return (
    <div className="md:flex">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <AppSidebar
        role={caller?.role ?? "viewer"}
        footer={
          <>
            {caller && (
              <div className="flex items-center justify-between gap-2 text-sm" aria-label="Signed in user" role="group">
                <span>
                  <span className="font-medium">{caller.username}</span>{" "}
                  <span className="text-muted">({caller.role})</span>
                </span>
                <SignOutButton />
              </div>
            )}
            <ThemeToggle initial={theme} />
          </>
        }
      />
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-6 py-8 outline-none">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
    </div>
  );
}
