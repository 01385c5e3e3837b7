// The colour theme a user picked, kept in a cookie so the server renders <html data-theme> and the
// first paint is already right (no flash). "system" (no cookie) follows prefers-color-scheme.
export const THEME_COOKIE = "pitcrew-theme";
export const themes = ["system", "light", "dark"] as const;
export type Theme = (typeof themes)[number];

export function parseTheme(value: string | undefined): Theme {
  return value === "light" || value === "dark" ? value : "system";
}
