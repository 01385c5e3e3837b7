import { describe, expect, it } from "vitest";
import { readLimitedBody } from "@/server/http/read-limited-body";

function streamed(chunks: number, size: number): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled === chunks) return controller.close();
      pulled++;
      controller.enqueue(new Uint8Array(size));
    },
  });
  return { body, pulled: () => pulled };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://x/api", { method: "POST", body, headers, duplex: "half" } as RequestInit);

describe("readLimitedBody", () => {
  it("returns a body within the limit", async () => {
    expect(new TextDecoder().decode(await readLimitedBody(post('{"a":1}'), 16, "test"))).toBe('{"a":1}');
  });

  it("refuses a declared Content-Length over the limit without reading, naming the limit", async () => {
    const { body, pulled } = streamed(100, 1024);
    await expect(
      readLimitedBody(post(body, { "content-length": "102400" }), 16 * 1024, "agent enrolment"),
    ).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: "request body: 102400 bytes, over the 16 KiB limit for agent enrolment",
    });
    expect(pulled()).toBeLessThanOrEqual(1);
  });

  it("stops reading a body without Content-Length at the first chunk past the limit", async () => {
    const { body, pulled } = streamed(1000, 1024);
    await expect(readLimitedBody(post(body), 4 * 1024, "tRPC calls")).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
    });
    expect(pulled()).toBeLessThan(10);
  });
});
