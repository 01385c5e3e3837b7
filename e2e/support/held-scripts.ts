// Holds every script of the console's pages until released, as a slow link would: the page is
// rendered by the server and shown, but React has not hydrated it. What a person does on such a
// page must either wait for hydration or be kept by it, never be lost or go somewhere else.
import type { Page } from "@playwright/test";

/** Starts holding the page's script chunks; call the returned function to let them load. */
export async function holdPageScripts(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/_next/static/chunks/**/*.js", async (route) => {
    await released;
    await route.continue();
  });
  return release;
}
