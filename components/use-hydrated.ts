"use client";
// Whether React has hydrated this page in the browser. A controlled input that the server rendered
// can be changed before hydration; React then puts its value back to the state's, and the choice is
// lost without a sign. Inputs that matter stay disabled until this is true, so a person (or a test)
// waits for them instead of being ignored.
import { useSyncExternalStore } from "react";

function subscribe() {
  return () => {};
}

export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
