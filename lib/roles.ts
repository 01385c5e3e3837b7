// Console roles (docs/architecture.md §6), weakest first: a viewer reads, an operator also starts and cancels
// jobs, an admin also manages users, tokens, hosts and agent enrolment.
export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}

/** Whether `role` may do what `needed` may. */
export function roleAllows(role: Role, needed: Role): boolean {
  return roles.indexOf(role) >= roles.indexOf(needed);
}
