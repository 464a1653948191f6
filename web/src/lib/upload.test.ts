import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { forgetEtags, rememberEtag } from "./etags";
import { ApiError } from "./problem";
import { ACCEPTED_TYPES, UploadCancelled, uploadFile } from "./upload";

type Listener = ((event: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;

/** XMLHttpRequest as far as the helper uses it; the test plays the network. */
class FakeXhr {
  static last: FakeXhr;
  method = "";
  url = "";
  headers: Record<string, string> = {};
  body: FormData | null = null;
  status = 0;
  responseText = "";
  aborted = false;
  upload: { onprogress: Listener } = { onprogress: null };
  onload: (() => void) | null = null;
  onerror: (() => void) | null = null;
  onabort: (() => void) | null = null;

  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  send(body: FormData) {
    this.body = body;
  }
  abort() {
    this.aborted = true;
    this.onabort?.();
  }
  progress(loaded: number, total: number) {
    this.upload.onprogress?.({ lengthComputable: true, loaded, total });
  }
  answer(status: number, body: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.();
  }
}

const DOC = "7d1c0a52-55c8-4c8d-9d59-0f7a2f6c2d11";
const pdf = () => new Blob(["%PDF-1.7\n%%EOF\n"], { type: "application/pdf" });
const problem = (status: number, extra: object = {}) => ({
  type: "https://samordning.itryggehender24-7.no/problems/x",
  title: "x",
  status,
  detail: "x",
  detail_nb: "x",
  ...extra,
});

function newVersion(onProgress = vi.fn(), signal?: AbortSignal) {
  return uploadFile("/api/v1/documents/{document_id}/files", {
    params: { document_id: DOC },
    file: pdf(),
    fileName: "Saksfremlegg.pdf",
    fields: { note: "Signert utgave" },
    onProgress,
    signal,
  });
}

async function refusal(status: number, body: unknown): Promise<ApiError> {
  const sending = newVersion();
  FakeXhr.last.answer(status, body);
  return sending.then(
    () => {
      throw new Error("resolved");
    },
    (error: unknown) => error as ApiError,
  );
}

beforeEach(() => {
  forgetEtags();
  vi.stubGlobal("XMLHttpRequest", FakeXhr);
});
afterEach(() => vi.unstubAllGlobals());

describe("uploadFile", () => {
  it("posts the file and fields as a form, with the CSRF header and the document's ETag", async () => {
    rememberEtag(`/api/v1/documents/${DOC}`, `"${DOC}.4"`);
    const sending = newVersion();
    const xhr = FakeXhr.last;
    expect([xhr.method, xhr.url]).toEqual(["POST", `/api/v1/documents/${DOC}/files`]);
    expect(xhr.headers["X-Requested-With"]).toBe("samordning");
    expect(xhr.headers["If-Match"]).toBe(`"${DOC}.4"`);
    expect(xhr.body?.get("note")).toBe("Signert utgave");
    expect((xhr.body?.get("file") as File).name).toBe("Saksfremlegg.pdf");
    xhr.answer(201, { number: 5, file: { name: "Saksfremlegg.pdf" } });
    expect(await sending).toMatchObject({ number: 5 });
  });

  it("sends a new document's fields as the service reads a form, without If-Match", async () => {
    const sending = uploadFile("/api/v1/documents", {
      file: pdf(),
      fields: {
        kind: "report",
        owner_body_id: DOC,
        title: "Rapport",
        public: false,
        exemption_basis: null,
        title_public: true,
      },
    });
    const body = FakeXhr.last.body;
    expect(FakeXhr.last.url).toBe("/api/v1/documents");
    expect(FakeXhr.last.headers["If-Match"]).toBeUndefined();
    expect([body?.get("public"), body?.get("exemption_basis"), body?.get("title_public")]).toEqual([
      "false",
      "",
      "true",
    ]);
    FakeXhr.last.answer(201, { id: "d2" });
    expect(await sending).toMatchObject({ id: "d2" });
  });

  it("reports the bytes sent as they go", async () => {
    const onProgress = vi.fn();
    const sending = newVersion(onProgress);
    FakeXhr.last.progress(400, 1000);
    FakeXhr.last.progress(1000, 1000);
    FakeXhr.last.upload.onprogress?.({ lengthComputable: false, loaded: 1, total: 0 });
    expect(onProgress.mock.calls).toEqual([[{ sent: 400, total: 1000 }], [{ sent: 1000, total: 1000 }]]);
    FakeXhr.last.answer(201, {});
    await sending;
  });

  it("stops when cancelled, and never starts when cancelled before", async () => {
    const controller = new AbortController();
    const sending = newVersion(vi.fn(), controller.signal);
    controller.abort();
    expect(FakeXhr.last.aborted).toBe(true);
    await expect(sending).rejects.toBeInstanceOf(UploadCancelled);
    const before = FakeXhr.last;
    await expect(newVersion(vi.fn(), controller.signal)).rejects.toBeInstanceOf(UploadCancelled);
    expect(FakeXhr.last).toBe(before);
  });

  it("says what a refusal means for the file, in bokmål", async () => {
    const stale = await refusal(412, problem(412));
    expect(stale.staleCopy && stale.message).toMatch(/Noen andre har endret dokumentet/);
    const large = "Filen er for stor. Største tillatte størrelse er 50 MB.";
    expect((await refusal(413, problem(413, { detail_nb: large }))).message).toBe(large);
    expect((await refusal(415, problem(415))).message).toContain(ACCEPTED_TYPES);
    const empty = problem(422, { errors: [{ field: "body.file", message: "empty", message_nb: "Filen er tom." }] });
    expect((await refusal(422, empty)).message).toBe(`Filen er tom. Tjenesten tar imot ${ACCEPTED_TYPES}.`);
    const title = await refusal(
      422,
      problem(422, { errors: [{ field: "body.title", message: "x", message_nb: "Feltet må fylles ut." }] }),
    );
    expect([title.message, title.fieldErrors.title]).toEqual([
      "Noen felt er ikke fylt ut riktig.",
      "Feltet må fylles ut.",
    ]);
    expect((await refusal(502, "Bad gateway")).problem).toBeNull();
  });

  it("is a network error when the service cannot be reached", async () => {
    const sending = newVersion();
    FakeXhr.last.onerror?.();
    await expect(sending).rejects.toMatchObject({ status: 0 });
  });
});
