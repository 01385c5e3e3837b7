// URLs of a set, of an I/O group and of the enable form. A set is named by its shadow's absolute
// path, so the path's own segments become the URL's (/sets/host/prod/san/backup/vol01 is
// /san/backup/vol01 on prod): readable, bookmarkable, and no %2F, which proxies and Next treat
// inconsistently. Host names sit one level below a fixed word (/sets/host/…, /sets/groups/…), never
// directly under /sets, so no host name (not even "enable" or "groups") can collide with a page.

const segment = (text: string) => encodeURIComponent(text);

export function setHref(host: string, shadow: string): string {
  const parts = shadow.split("/").filter((p) => p !== "");
  return `/sets/host/${segment(host)}/${parts.map(segment).join("/")}`;
}

export function groupHref(host: string, group: string): string {
  return `/sets/groups/${segment(host)}/${segment(group)}`;
}

/** The enable and import forms, for one host when given. */
export function enableSetHref(host?: string | null): string {
  return host ? `/sets/enable?host=${encodeURIComponent(host)}` : "/sets/enable";
}

/** Next may hand catch-all segments over still encoded; decoding twice must not break "%". */
function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function routeParam(text: string): string {
  return /%[0-9A-Fa-f]{2}/.test(text) ? decodeOnce(text) : text;
}

/** The shadow path a /sets/host/[host]/[...shadow] URL names. */
export function shadowFromSegments(segments: readonly string[]): string {
  return `/${segments.map(routeParam).join("/")}`;
}
