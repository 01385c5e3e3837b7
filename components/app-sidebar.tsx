"use client";
// The console's persistent navigation. Admin-only pages are left out for other roles (the pages
// and the API check the role themselves; hiding them only keeps the menu honest).
import Link from "next/link";
import { usePathname } from "next/navigation";
import type React from "react";
import { type Role, roleAllows } from "@/lib/roles";

interface NavItem {
  href: string;
  label: string;
  role: Role;
  /** The label admins see, when it differs (a page that shows them more). */
  adminLabel?: string;
}

export const navItems: readonly NavItem[] = [
  { href: "/", label: "Overview", role: "viewer" },
  { href: "/hosts", label: "Hosts", role: "viewer" },
  { href: "/disk-groups", label: "Disk groups", role: "viewer" },
  { href: "/sets", label: "Volume sets", role: "viewer" },
  { href: "/jobs", label: "Jobs", role: "viewer" },
  { href: "/runbooks", label: "Runbooks", role: "viewer" },
  { href: "/planner", label: "Bitmap planner", role: "viewer" },
  { href: "/audit", label: "Audit log", role: "admin" },
  // Everyone manages their own API tokens there; admins also manage users.
  { href: "/users", label: "API tokens", adminLabel: "Users & tokens", role: "viewer" },
];

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function AppSidebar({ role, footer }: { role: Role; footer: React.ReactNode }) {
  const pathname = usePathname();
  return (
    <aside className="flex flex-col border-border bg-surface md:sticky md:top-0 md:h-screen md:w-60 md:shrink-0 md:border-r max-md:border-b">
      <div className="flex items-center gap-2 px-5 py-4">
        <span aria-hidden="true" className="size-3 rounded-full bg-accent" />
        <span className="text-lg font-semibold tracking-tight">pitcrew</span>
        <span className="text-sm text-muted">console</span>
      </div>
      <nav aria-label="Main" className="flex-1 overflow-y-auto px-3">
        <ul className="flex gap-1 max-md:flex-wrap md:flex-col">
          {navItems
            .filter((item) => roleAllows(role, item.role))
            .map((item) => {
              const current = isCurrent(pathname, item.href);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? "page" : undefined}
                    className="block rounded-md px-3 py-2 text-sm text-muted hover:bg-surface-raised hover:text-foreground aria-[current=page]:bg-surface-raised aria-[current=page]:font-medium aria-[current=page]:text-foreground"
                  >
                    {(roleAllows(role, "admin") && item.adminLabel) || item.label}
                  </Link>
                </li>
              );
            })}
        </ul>
      </nav>
      <div className="space-y-3 border-t border-border px-5 py-4">{footer}</div>
    </aside>
  );
}
