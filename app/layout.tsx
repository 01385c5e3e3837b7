import type { Metadata } from "next";
import { TRPCReactProvider } from "@/trpc/client";
import "./globals.css";

export const metadata: Metadata = {
  title: "pitcrew",
  description: "Point-in-time copies and LAN-free backup for Linux volumes",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans antialiased">
        <header className="border-b border-border bg-surface">
          <div className="mx-auto flex max-w-4xl items-center gap-3 px-6 py-4">
            <span aria-hidden="true" className="size-3 rounded-full bg-accent" />
            <span className="text-lg font-semibold tracking-tight">pitcrew</span>
            <span className="text-sm text-muted">console</span>
          </div>
        </header>
        <TRPCReactProvider>
          <main className="mx-auto max-w-4xl px-6 py-8">{children}</main>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
