"use client";
// Three buttons (System, Light, Dark). The choice goes to <html data-theme> at once and to the
// cookie for the next server render; "system" clears both. They are segments of one switch (the
// pressed one is lit), not actions, so they keep their own look rather than components/button's.
import { useState } from "react";
import { THEME_COOKIE, type Theme, themes } from "@/lib/theme";

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

function applyTheme(theme: Theme) {
  const root = document.documentElement;
  if (theme === "system") {
    delete root.dataset.theme;
    document.cookie = `${THEME_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax`;
  } else {
    root.dataset.theme = theme;
    document.cookie = `${THEME_COOKIE}=${theme}; Path=/; Max-Age=${ONE_YEAR_SECONDS}; SameSite=Lax`;
  }
}

export function ThemeToggle({ initial }: { initial: Theme }) {
  const [theme, setTheme] = useState<Theme>(initial);
  return (
    <div role="group" aria-label="Colour theme" className="flex rounded-md border border-border p-0.5 text-xs">
      {themes.map((t) => (
        <button
          key={t}
          type="button"
          aria-pressed={theme === t}
          onClick={() => {
            applyTheme(t);
            setTheme(t);
          }}
          className="flex-1 rounded px-2 py-1 capitalize text-muted aria-pressed:bg-surface-raised aria-pressed:font-medium aria-pressed:text-foreground"
        >
          {t}
        </button>
      ))}
    </div>
  );
}
