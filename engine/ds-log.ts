// The AVS log equivalent (docs/instant-image.md §1.3, §7.1: iiadm and svadm log every
// state change there, and operators read it): one line per state change, appended to ds.log in the
// state dir and tagged with the product that made it ("ii:", "sv:", "dg:").
import { appendFile, mkdir } from "node:fs/promises";
import path from "node:path";

export async function dsLog(stateDir: string, message: string, product: "ii" | "sv" | "dg" = "ii"): Promise<void> {
  const line = `${new Date().toISOString()} ${product}: ${message}\n`;
  // Logging never fails the operation it records: it runs after the change is made.
  await mkdir(stateDir, { recursive: true })
    .then(() => appendFile(path.join(stateDir, "ds.log"), line))
    .catch(() => {});
}
