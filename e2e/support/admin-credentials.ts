// The first-start admin of the e2e console: playwright.config.ts passes these to `next start`
// (instrumentation.ts creates the user from them), and the tests sign in with them.
export const adminUsername = "admin";
export const adminPassword = "e2e-admin-password-1";
export const adminToken = "pct_e2e-admin-token-0123456789";
export const adminStorageState = "playwright/.auth/admin.json";
