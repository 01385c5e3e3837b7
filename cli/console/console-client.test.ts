import { TRPCClientError } from "@trpc/client";
import { describe, expect, it } from "vitest";
import { describeConsoleError } from "./console-client";

const refused = (data: Record<string, unknown>) =>
  new TRPCClientError('[\n  {\n    "code": "custom" … ]', { result: { error: { data } } } as never);

describe("describeConsoleError", () => {
  it("shows a schema refusal as field: message, not tRPC's JSON dump", () => {
    const err = refused({
      code: "BAD_REQUEST",
      zodError: {
        formErrors: [],
        fieldErrors: { volumes: ['volume "/san/a\\n" contains newline (U+000A) at character 7'] },
      },
    });
    expect(describeConsoleError(err)).toBe('volumes: volume "/san/a\\n" contains newline (U+000A) at character 7');
  });

  it("keeps the console's own message for other refusals", () => {
    expect(describeConsoleError(refused({ code: "NOT_FOUND", zodError: null }))).toBe(
      '[\n  {\n    "code": "custom" … ]',
    );
  });
});
