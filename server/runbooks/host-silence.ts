import "server-only";

/** A queued job whose host has been silent this long is cancelled (the CLI waits as long). */
export const HOST_SILENT_MS = 30_000;

export function isHostSilent(lastHeartbeat: Date | null, now: Date): boolean {
  return !lastHeartbeat || now.getTime() - lastHeartbeat.getTime() > HOST_SILENT_MS;
}
