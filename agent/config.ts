// The agent's configuration file (docs/architecture.md §1, §10 rule 7): one JSON file, parsed once at
// startup with zod; a bad file stops the agent with every bad field named.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { refuseControlCharacters } from "@/lib/control-characters";

const absoluteDir = z
  .string()
  .refine((p) => path.isAbsolute(p), { message: "must be an absolute path" })
  .superRefine(refuseControlCharacters("path"));

export const configSchema = z
  .object({
    consoleUrl: z.url({ protocol: /^https?$/, message: "must be an http:// or https:// URL" }),
    hostName: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, "host name: letters, digits, . _ - (max 63)"),
    /** One-time token; only needed until the credential file holds a credential. */
    enrolmentToken: z.string().min(16, "must be at least 16 characters").optional(),
    /** Where the agent's credential is kept (mode 0600); default <stateDir>/agent-credential. */
    credentialFile: absoluteDir.optional(),
    stateDir: absoluteDir,
    diskGroupRoots: z.array(absoluteDir).min(1, "at least one disk-group root is required"),
    hooks: z
      .record(
        z.string().regex(/^[A-Za-z0-9_.-]+$/, "hook name: letters, digits, _ . -"),
        z.object({
          argv: z.array(z.string().min(1)).min(1, "argv needs at least the program"),
          timeoutSeconds: z.number().positive(),
        }),
      )
      .default({}),
    freezeBudgetSeconds: z.number().positive().default(10),
    /** Where archive.create may write (the built-in backup's targets); none by default. */
    archiveRoots: z.array(absoluteDir).default([]),
    /** Tape drives (or other sequential devices) archive.tape may write a tar stream to, by exact path; none by default. */
    tapeDevices: z.array(absoluteDir).default([]),
    heartbeatSeconds: z.number().positive().default(5),
    claimWaitSeconds: z.number().int().min(0).max(60).default(20),
  })
  .refine((c) => c.enrolmentToken !== undefined || c.credentialFile !== undefined, {
    message: "give enrolmentToken (first start) or credentialFile (an enrolled agent)",
    path: ["enrolmentToken"],
  });

export type AgentConfig = z.infer<typeof configSchema> & { credentialFile: string };

export class ConfigError extends Error {}

/** Every issue as "field: message", one a line. */
export function formatIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(config)"}: ${i.message}`).join("\n");
}

export function parseConfig(value: unknown, source = "config"): AgentConfig {
  const parsed = configSchema.safeParse(value);
  if (!parsed.success) throw new ConfigError(`${source} is invalid:\n${formatIssues(parsed.error)}`);
  const c = parsed.data;
  return { ...c, credentialFile: c.credentialFile ?? path.join(c.stateDir, "agent-credential") };
}

export async function loadConfig(file: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read config ${file}: ${(err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseConfig(value, `config ${file}`);
}
