import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// What the service would see: every request the client sends, answered by `answer`.
const sent: Request[] = [];
let answer: (request: Request) => Response = () => new Response(null, { status: 204 });
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

let client: typeof import("./api");

beforeAll(async () => {
  // A browser resolves the client's relative URLs (baseUrl "/") against the page; Node needs telling.
  const NativeRequest = globalThis.Request;
  vi.stubGlobal(
    "Request",
    class extends NativeRequest {
      constructor(input: RequestInfo | URL, init?: RequestInit) {
        super(typeof input === "string" ? new URL(input, "http://127.0.0.1:8000/arbeid/") : input, init);
      }
    },
  );
  vi.stubGlobal("fetch", async (request: Request) => {
    sent.push(request);
    return answer(request);
  });
  client = await import("./api"); // openapi-fetch takes the global fetch when the client is made
});
afterAll(() => vi.unstubAllGlobals());

describe("the API client", () => {
  it("marks every call as the app's own (CSRF) and sends the cookie to its own origin only", async () => {
    answer = () => json({ items: [], next_cursor: null });
    await client.unwrap(client.api.GET("/api/v1/bodies"));
    const request = sent.at(-1);
    expect(request?.headers.get("X-Requested-With")).toBe("samordning");
    expect(request?.credentials).toBe("same-origin");
  });

  it("sends back the ETag of what it read when it changes it", async () => {
    const id = "7d1c0a52-55c8-4c8d-9d59-0f7a2f6c2d11";
    answer = () => json({ id }, 200, { ETag: `"${id}.3"` });
    await client.unwrap(client.api.GET("/api/v1/cases/{case_id}", { params: { path: { case_id: id } } }));
    answer = () => json({ id }, 200, { ETag: `"${id}.4"` });
    await client.unwrap(
      client.api.POST("/api/v1/cases/{case_id}/transitions/{name}", {
        params: { path: { case_id: id, name: "prepare" }, header: { "if-match": "" } },
      }),
    );
    expect(sent.at(-1)?.headers.get("If-Match")).toBe(`"${id}.3"`);
    await client.unwrap(
      client.api.PATCH("/api/v1/cases/{case_id}", {
        params: { path: { case_id: id }, header: { "if-match": "" } },
        body: { title: "Ny" },
      }),
    );
    expect(sent.at(-1)?.headers.get("If-Match")).toBe(`"${id}.4"`);
  });

  it("turns a problem into an error in bokmål, with its violations", async () => {
    const violation = {
      rule: "r",
      severity: "error",
      message: "m",
      message_nb: "Mangler saksfremlegg",
      citation: "Mandat",
    };
    answer = () =>
      json({ type: "about:blank", title: "Conflict", status: 409, detail: "blocked", violations: [violation] }, 409);
    const error = await client.unwrap(client.api.GET("/api/v1/bodies")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(client.ApiError);
    expect((error as InstanceType<typeof client.ApiError>).violations[0]?.message_nb).toBe("Mangler saksfremlegg");
    expect((error as Error).message).toBe("Handlingen stoppes av reglene for samordningen.");
  });

  it("says so when the service cannot be reached", async () => {
    answer = () => {
      throw new TypeError("Failed to fetch");
    };
    const error = await client.unwrap(client.api.GET("/api/v1/bodies")).catch((e: unknown) => e);
    expect((error as InstanceType<typeof client.ApiError>).status).toBe(0);
  });
});
