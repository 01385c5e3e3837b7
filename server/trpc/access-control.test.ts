import "@/test/support/test-database"; // first: this file gets its own database copy
// Every procedure of appRouter, found by walking the router, against every role. The table below
// is the one place that says who may call what: a procedure missing from it fails the suite, so
// nobody adds an unguarded procedure without also saying here that it is meant to be open.
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { Role } from "@/lib/roles";
import { appRouter } from "@/server/trpc/root";
import { anonymousCaller, callerAs } from "@/test/support/test-callers";

type Access = "public" | Role;

/** Procedures anyone may call without signing in. */
const publicProcedures = ["auth.signIn", "auth.signOut", "auth.me"];
/** The only mutations a viewer may make: on their own session and API tokens. */
const selfServiceMutations = ["auth.signIn", "auth.signOut", "auth.createApiToken", "auth.revokeApiToken"];
/** Users and roles, agent enrolment and revocation. */
const adminOnly = [
  "auth.users.list",
  "auth.users.create",
  "auth.users.setRole",
  "auth.users.disable",
  "auth.users.enable",
  "host.createEnrolmentToken",
  "host.revokeCredentials",
  "audit.list",
];

const access: Record<string, Access> = {
  "audit.list": "admin",
  "auth.signIn": "public",
  "auth.signOut": "public",
  "auth.me": "public",
  "auth.createApiToken": "viewer",
  "auth.listApiTokens": "viewer",
  "auth.revokeApiToken": "viewer",
  "auth.users.list": "admin",
  "auth.users.create": "admin",
  "auth.users.setRole": "admin",
  "auth.users.disable": "admin",
  "auth.users.enable": "admin",

  "host.list": "viewer",
  "diskGroup.everywhere": "viewer",
  "set.everywhere": "viewer",
  "host.get": "viewer",
  "host.createEnrolmentToken": "admin",
  "host.revokeCredentials": "admin",

  "job.list": "viewer",
  "job.get": "viewer",
  "job.events": "viewer",
  "job.cancel": "operator",

  "set.enable": "operator",
  "set.disable": "operator",
  "set.copy": "operator",
  "set.update": "operator",
  "set.abort": "operator",
  "set.reset": "operator",
  "set.params": "operator",
  "set.export": "operator",
  "set.import": "operator",
  "set.join": "operator",
  "set.move": "operator",
  "set.info": "viewer",
  "set.wait": "viewer",

  "sv.enable": "operator",
  "sv.disable": "operator",
  "sv.list": "viewer",

  "diskGroup.list": "viewer",
  "diskGroup.get": "viewer",
  "diskGroup.create": "operator",
  "diskGroup.deport": "operator",
  "diskGroup.import": "operator",
  "diskGroup.startAll": "operator",
  "diskGroup.stopAll": "operator",

  "volume.create": "operator",

  "runbook.list": "viewer",
  "runbook.get": "viewer",
  "runbook.save": "operator",
  "runbook.delete": "operator",
  "runbook.check": "viewer",
  "runbook.setModes": "viewer",
  "runbook.run": "operator",
  "runbook.runs": "viewer",
  "runbook.runGet": "viewer",
  "runbook.resume": "operator",
  "runbook.cancel": "operator",
  "runbook.approve": "operator",
  "runbook.rejoin": "operator",
  "runbook.lineage": "viewer",
};

// At runtime tRPC 11 flattens nested routers into _def.procedures ("auth.users.list" → procedure);
// its type describes the nested record instead.
const procedures = appRouter._def.procedures as unknown as Record<
  string,
  { _def: { type: string; inputs: unknown[] } }
>;
const paths = Object.keys(procedures).sort();
const mutations = paths.filter((p) => procedures[p]?._def.type === "mutation");

// Invalid for every input parser of the router (all take objects), so a procedure that parsed its
// input before checking the role would answer BAD_REQUEST instead of UNAUTHORIZED/FORBIDDEN.
const INVALID_INPUT = "not-an-object";

type Caller = ReturnType<typeof anonymousCaller>;
type Outcome = { ok: true } | { ok: false; code: string; message: string };

async function call(caller: Caller, path: string): Promise<Outcome> {
  let target: unknown = caller;
  for (const key of path.split(".")) target = (target as Record<string, unknown>)[key];
  try {
    await (target as (input: unknown) => Promise<unknown>)(INVALID_INPUT);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

const rank: Record<Access, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };
const callers: ["anonymous" | Role, () => Caller][] = [
  ["anonymous", anonymousCaller],
  ["viewer", () => callerAs("viewer")],
  ["operator", () => callerAs("operator")],
  ["admin", () => callerAs("admin")],
];

describe("the access table", () => {
  it("classifies every procedure of appRouter, and only those", () => {
    // Lazy routers would hide their procedures from _def.procedures until first called.
    expect(Object.keys(appRouter._def.lazy)).toEqual([]);
    const unclassified = paths.filter((p) => !(p in access));
    const gone = Object.keys(access).filter((p) => !paths.includes(p));
    expect({ unclassified, gone }).toEqual({ unclassified: [], gone: [] });
  });

  it("opens exactly the listed procedures to anonymous callers", () => {
    expect(paths.filter((p) => access[p] === "public")).toEqual([...publicProcedures].sort());
  });

  it("lets viewers make only the self-service mutations", () => {
    expect(mutations.filter((p) => rank[access[p] ?? "admin"] <= rank.viewer)).toEqual(
      [...selfServiceMutations].sort(),
    );
  });

  it("keeps exactly user administration and agent enrolment admin-only", () => {
    expect(paths.filter((p) => access[p] === "admin")).toEqual([...adminOnly].sort());
  });
});

describe.each(callers)("as %s", (who, makeCaller) => {
  const whoRank = who === "anonymous" ? 0 : rank[who];
  const refused = paths.filter((p) => rank[access[p] ?? "admin"] > whoRank);
  const allowed = paths.filter((p) => rank[access[p] ?? "admin"] <= whoRank);
  const expectedCode = who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN";

  // Refusals come before input validation: the input is invalid, the answer is still about the role.
  if (refused.length > 0) {
    it.each(refused)(`%s answers ${expectedCode} before looking at the input`, async (path) => {
      expect(await call(makeCaller(), path)).toMatchObject({ ok: false, code: expectedCode });
    });
  }

  // The other half: the table is not stricter than the code, and the dummy input above really is
  // invalid for every procedure that takes input (so the refusals prove the order).
  it.each(allowed)("%s lets the caller through to input validation", async (path) => {
    const outcome = await call(makeCaller(), path);
    if (procedures[path]?._def.inputs.length) {
      expect(outcome).toMatchObject({ ok: false, code: "BAD_REQUEST" });
    } else {
      expect(outcome).toEqual({ ok: true });
    }
  });
});
