import "server-only";
// Reads a request body only up to a limit (lib/request-limits.ts). Content-Length over the limit
// is refused before a byte is read; otherwise the bytes are counted as they stream in and reading
// stops at the first chunk past the limit, so a chunked body (no Content-Length) or a lying
// Content-Length cannot make the console hold more than `maxBytes` plus one chunk.
import { AppError } from "@/server/errors";

/** `what` names the endpoint in the refusal, e.g. "agent enrolment". */
export async function readLimitedBody(req: Request, maxBytes: number, what: string): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(what, maxBytes, `${declared} bytes`);
  if (!req.body) return new Uint8Array(new ArrayBuffer(0));

  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(what, maxBytes, `more than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(what: string, maxBytes: number, got: string): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `request body: ${got}, over the ${formatLimit(maxBytes)} limit for ${what}`);
}

function formatLimit(bytes: number): string {
  return bytes >= 1 << 20 ? `${bytes / (1 << 20)} MiB` : `${bytes / 1024} KiB`;
}
