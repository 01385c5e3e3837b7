// The session cookie's name, shared by server/auth (which sets and reads it) and proxy.ts (which
// only checks that it is there before letting a page request through).
export const SESSION_COOKIE = "pitcrew_session";
