// The ETag of each resource the app has read, sent back as If-Match when it changes that resource:
// the user never sees it. Keyed by the resource's path; a transition or an attachment changes the
// resource its path starts with (`/api/v1/cases/<id>/transitions/prepare` → `/api/v1/cases/<id>`; a
// document's correction or uploaded file → the document).
const tags = new Map<string, string>();

const SUB_RESOURCE = /\/(transitions\/[^/]+|corrections|files)$/;

export function resourceKey(url: string): string {
  const path = new URL(url, "http://x").pathname;
  return path.replace(SUB_RESOURCE, "");
}

export function rememberEtag(url: string, etag: string | null): void {
  if (etag) tags.set(resourceKey(url), etag);
}

/** The ETag last seen for the resource at this path (empty when never read: the API answers 428). */
export function etagFor(url: string): string {
  return tags.get(resourceKey(url)) ?? "";
}

export function forgetEtags(): void {
  tags.clear();
}

/** The ETag the API derives from an entity's `version` (`"<id>.<version>"`), for a row of a listing,
 * which is one answer without a tag per row. */
export function versionEtag(entity: { id: string; version: number }): string {
  return `"${entity.id}.${entity.version}"`;
}
