import type { Metadata } from "next";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { getPageCaller } from "@/server/auth/page-caller";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: "pitcrew",
  description: "Point-in-time copies and LAN-free backup for Linux volumes",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const caller = await getPageCaller();
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <TRPCReactProvider>
          <header className="border-b border-border bg-surface">
            <div className="mx-auto flex max-w-4xl items-center gap-3 px-6 py-4">
              <span aria-hidden="true" className="size-3 rounded-full bg-accent" />
              <span className="text-lg font-semibold tracking-tight">pitcrew</span>
              <span className="text-sm text-muted">console</span>
              {caller && (
                <div className="ml-auto flex items-center gap-3 text-sm" aria-label="Signed in user">
                  <span>
                    <span className="font-medium">{caller.username}</span>{" "}
                    <span className="text-muted">({caller.role})</span>
                  </span>
                  <SignOutButton />
                </div>
              )}
            </div>
          </header>
          <main className="mx-auto max-w-4xl px-6 py-8">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
