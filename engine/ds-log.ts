// The AVS log equivalent (instant-image.md §1.3: "a re-implementation should keep an equivalent
// audit log"): one line per state change, appended to ds.log in the state dir.
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

export async function dsLog(stateDir: string, message: string): Promise<void> {
  await mkdir(stateDir, { recursive: true });
  const line = `${new Date().toISOString()} ii: ${message}\n`;
  await appendFile(path.join(stateDir, "ds.log"), line).catch(() => {});
}
