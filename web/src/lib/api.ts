// The one client of the service's API, typed by the OpenAPI document (api-types.gen.ts, `npm run gen`).
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./api-types.gen";
import { etagFor, rememberEtag } from "./etags";
import { ApiError, type Problem } from "./problem";

export type Schemas = components["schemas"];

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const samordning: Middleware = {
  onRequest({ request }) {
    // CSRF: a cross-site form cannot send this header, and a cross-origin script only after a
    // preflight the service refuses.
    request.headers.set("X-Requested-With", "samordning");
    if (UNSAFE.has(request.method) && !request.headers.get("If-Match")) {
      // An empty If-Match (a screen that passed etagFor() before reading) is no entity tag: leave it
      // out, and the API answers 428 with the current one.
      const etag = etagFor(request.url);
      if (etag) request.headers.set("If-Match", etag);
      else request.headers.delete("If-Match");
    }
    return request;
  },
  onResponse({ request, response }) {
    if (response.ok) rememberEtag(request.url, response.headers.get("ETag"));
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "/", credentials: "same-origin" });
api.use(samordning);

type Result<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or an ApiError with the problem's Norwegian message. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch {
    throw new ApiError(0, null);
  }
  if (!result.response.ok) throw new ApiError(result.response.status, asProblem(result.error));
  return result.data as T;
}

function asProblem(body: unknown): Problem | null {
  return typeof body === "object" && body !== null && "status" in body ? (body as Problem) : null;
}

export { ApiError } from "./problem";
