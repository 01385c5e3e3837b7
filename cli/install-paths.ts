// Files of the pitcrew installation that the CLI needs at run time. This module sits one level
// below the package root, as does the bundled CLI (dist/pitcrew.mjs and its chunks), so the same relative URLs
// hold whether it runs from source through tsx or from the bundle.
import { readFile } from "node:fs/promises";

export async function pitcrewVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}
