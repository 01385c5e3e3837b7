// The console's half of resolving a volume operand (the agent's half is agent/resolve-volume.ts):
// "dg/vol" becomes the volume's path from the host's last inventory, and an absolute path must lie
// under one of the host's disk-group roots. The console resolves before queueing, so that two
// spellings of one set lock the same key and a typo is refused before any job exists.
import type { Inventory } from "./agent-protocol";

export type VolumeRefResolution = { ok: true; path: string } | { ok: false; reason: string };

/** "/a//b/./c" → "/a/b/c"; null when the path climbs with "..". */
function normalizeAbsolute(p: string): string | null {
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  if (parts.includes("..")) return null;
  return `/${parts.join("/")}`;
}

function isUnder(p: string, root: string): boolean {
  const r = normalizeAbsolute(root) ?? root;
  return r === "/" || p === r || p.startsWith(`${r}/`);
}

export function resolveVolumeRef(inventory: Pick<Inventory, "roots" | "diskGroups">, ref: string): VolumeRefResolution {
  if (ref.startsWith("/")) {
    const normal = normalizeAbsolute(ref);
    if (normal === null) return { ok: false, reason: "contains '..'" };
    if (!inventory.roots.some((root) => isUnder(normal, root))) {
      return { ok: false, reason: `outside the disk-group roots (${inventory.roots.join(", ") || "none"})` };
    }
    return { ok: true, path: normal };
  }
  const [dgName, volName, ...rest] = ref.split("/");
  if (!dgName || !volName || rest.length) return { ok: false, reason: "must be dg/vol or an absolute path" };
  const dg = inventory.diskGroups.find((g) => g.name === dgName);
  if (!dg) {
    const known = inventory.diskGroups.map((g) => g.name).join(", ") || "none";
    return { ok: false, reason: `disk group ${dgName} not found (disk groups: ${known})` };
  }
  const volume = dg.volumes.find((v) => v.name === volName);
  if (!volume) return { ok: false, reason: `no volume ${volName} in disk group ${dgName}` };
  return { ok: true, path: volume.path };
}
