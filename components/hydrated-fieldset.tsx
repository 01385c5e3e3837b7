"use client";
// Wraps a form's controls so none of them takes input before React has hydrated the page. Before
// that, a choice in a controlled select shows on screen but never reaches the state the form submits
// (the planner once planned one host while showing another), and a submit button posts the form
// natively, putting its fields (a password included) in the URL. Laid out as `display: contents`, so
// the form's own grid or flex layout sees the controls as before.
import type { ReactNode } from "react";
import { useHydrated } from "@/components/use-hydrated";

export function HydratedFieldset({ children }: { children: ReactNode }) {
  const hydrated = useHydrated();
  return (
    <fieldset className="contents" disabled={!hydrated}>
      {children}
    </fieldset>
  );
}
