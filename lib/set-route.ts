// URLs of a set and of an I/O group. A set is named by its shadow's absolute path, so the path's
// own segments become the URL's (/sets/prod/san/backup/vol01 is /san/backup/vol01 on prod):
// readable, bookmarkable, and no %2F, which proxies and Next treat inconsistently.

const segment = (text: string) => encodeURIComponent(text);

export function setHref(host: string, shadow: string): string {
  const parts = shadow.split("/").filter((p) => p !== "");
  return `/sets/${segment(host)}/${parts.map(segment).join("/")}`;
}

export function groupHref(host: string, group: string): string {
  return `/sets/groups/${segment(host)}/${segment(group)}`;
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

/** The shadow path a /sets/[host]/[...shadow] URL names. */
export function shadowFromSegments(segments: readonly string[]): string {
  return `/${segments.map(routeParam).join("/")}`;
}
