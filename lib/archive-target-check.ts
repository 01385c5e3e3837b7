// The console's check of a runbook's archive target against the backup agent's archiveRoots
// (inventory field archiveRoots), made before a run starts: a target outside them used to be
// found only at the backup step, after the application was frozen and the shadows exported.
// Mirrors agent/archive-target.ts: a relative target is taken under the first root. Lexical
// only (the console cannot see the host's symlinks); the agent still confines the real path.

/** A posix path with "." segments, repeated and trailing slashes removed ("..": refused by archiveTargetSchema). */
function normalise(p: string): string {
  const parts = p.split("/").filter((s) => s !== "" && s !== ".");
  return `/${parts.join("/")}`;
}

function isUnder(p: string, root: string): boolean {
  return root === "/" || p === root || p.startsWith(`${root}/`);
}

/** Where the agent will write for `targetDir`, or null when it has no archive root. */
export function resolveArchiveTargetPath(targetDir: string, archiveRoots: readonly string[]): string | null {
  if (targetDir.startsWith("/")) return normalise(targetDir);
  const first = archiveRoots[0];
  return first === undefined ? null : normalise(`${first}/${targetDir}`);
}

export interface ArchiveTargetContext {
  runbook: string;
  host: string;
}

/**
 * The problem with `targetDir` on the backup host, or null. `archiveRoots` undefined is an agent
 * older than this check: refused too, saying so, since passing it would be the silent success
 * the check exists to prevent (the operator upgrades the agent).
 */
export function checkArchiveTarget(
  targetDir: string,
  archiveRoots: readonly string[] | undefined,
  { runbook, host }: ArchiveTargetContext,
): string | null {
  if (archiveRoots === undefined) {
    return (
      `backup.targetDir: the agent of host ${host} does not report its archiveRoots (it is older than this console), ` +
      `so ${targetDir} of runbook ${runbook} cannot be checked before a run; upgrade that agent`
    );
  }
  if (archiveRoots.length === 0) {
    return `backup.targetDir: host ${host} has no archiveRoots in its agent config, so runbook ${runbook} cannot archive to ${targetDir} there`;
  }
  const target = resolveArchiveTargetPath(targetDir, archiveRoots)!;
  if (archiveRoots.some((r) => isUnder(target, normalise(r)))) return null;
  return (
    `backup.targetDir: ${targetDir} of runbook ${runbook} is outside the archiveRoots of the agent config of host ${host} ` +
    `(its archive roots: ${archiveRoots.join(", ")}); use a path under one of them, or a relative one (under ${archiveRoots[0]})`
  );
}
