// Path operands (volumes, archive targets, tape devices, agent config dirs) may not hold control
// characters. A NUL cannot be in a Linux path at all: the request was queued as a job and failed
// only on the host. A newline or an escape sequence in a path forges lines in logs, ds.log and
// terminals. So the schemas refuse them, and a request carrying one is refused before any job exists.
import type { z } from "zod";

const NAMES: Record<number, string> = {
  0: "NUL",
  9: "tab",
  10: "newline",
  13: "carriage return",
  27: "escape",
  127: "DEL",
};

/** C0 controls, DEL and C1 controls (a terminal takes U+009B as the start of an escape sequence). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The first control character in `text`, as "NUL (U+0000) at character 15", or null when there is none. */
export function describeControlCharacter(text: string): string | null {
  const match = CONTROL.exec(text);
  if (!match) return null;
  const code = match[0].charCodeAt(0);
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return `${NAMES[code] ?? "a control character"} (${hex}) at character ${match.index + 1}`;
}

/** A zod check for a string operand: the issue names `what` and shows the value with its control character escaped. */
export function refuseControlCharacters(what: string) {
  return (value: string, ctx: z.RefinementCtx<string>) => {
    const found = describeControlCharacter(value);
    if (found)
      ctx.addIssue({
        code: "custom",
        message: `${what} ${JSON.stringify(value)} contains ${found}; control characters are not allowed in a path`,
      });
  };
}
