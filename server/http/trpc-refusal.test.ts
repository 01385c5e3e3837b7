import { describe, expect, it } from "vitest";
import { trpcRefusal } from "@/server/http/trpc-refusal";

describe("trpcRefusal", () => {
  it("answers one call with tRPC's error shape and the HTTP status", async () => {
    const res = trpcRefusal(
      new Request("http://x/api/trpc/auth.signIn", { method: "POST" }),
      "PAYLOAD_TOO_LARGE",
      "too big",
    );
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: {
        message: "too big",
        code: -32013,
        data: {
          code: "PAYLOAD_TOO_LARGE",
          httpStatus: 413,
          path: "auth.signIn",
          appCode: "PAYLOAD_TOO_LARGE",
          zodError: null,
        },
      },
    });
  });

  it("answers a batch with one error per call, as the batch link expects", async () => {
    const res = trpcRefusal(
      new Request("http://x/api/trpc/auth.signOut,host.list?batch=1", { method: "POST" }),
      "FORBIDDEN",
      "no",
    );
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { data: { path: string } } }[];
    expect(body.map((e) => e.error.data.path)).toEqual(["auth.signOut", "host.list"]);
  });
});
