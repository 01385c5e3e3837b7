// Environment variables through a zod schema, with the rules every pitcrew configuration follows
// (server/config.ts for the console, lib/launcher-config.ts for `npm start` and the build): an
// empty variable counts as unset, as `VAR= npm start` means "no value", so it takes its default;
// and a bad value is refused with one message naming each variable, its value and what was expected.
import type { z } from "zod";

/** The schema's output, or `fail(message)` thrown; only the schema's own variables are read. */
export function parseEnv<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: Record<string, string | undefined>,
  fail: (message: string) => Error,
): z.output<z.ZodObject<Shape>> {
  const given = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, env[name] === "" ? undefined : env[name]]),
  );
  const parsed = schema.safeParse(given);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0]);
    return `${name}=${JSON.stringify(env[name])}: ${issue.message}`;
  });
  throw fail(problems.join("; "));
}
