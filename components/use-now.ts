"use client";
// The current time, ticking once a second, shared by every subscriber (one timer for the page).
// On the server and during hydration it is the time the module loaded on that side; components
// printing it mark the text suppressHydrationWarning, as the two clocks never agree exactly.
import { useSyncExternalStore } from "react";

const TICK_MS = 1000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function getSnapshot() {
  return now;
}

// The server renders with the request's time; the browser hydrates with its module's (stable) time.
function getServerSnapshot() {
  return typeof window === "undefined" ? Date.now() : now;
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
