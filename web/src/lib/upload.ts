// The one way the app sends a file: XMLHttpRequest, because fetch cannot report how much of a body has
// been sent. Typed, as the client in api.ts, from the OpenAPI document (api-types.gen.ts).
import { useRef, useState } from "react";
import type { paths } from "./api-types.gen";
import { etagFor } from "./etags";
import { ApiError, messageFor, type Problem } from "./problem";

/** The operations that take a file (multipart/form-data with the file in `file`). */
export type UploadPath = "/api/v1/documents" | "/api/v1/documents/{document_id}/files";

type Operation<P extends UploadPath> = paths[P]["post"];
type Content<P extends UploadPath> = NonNullable<Operation<P>["requestBody"]>["content"];
/** The form's other fields: those of the multipart body, or (for a new document) of its JSON form. */
export type UploadFields<P extends UploadPath> =
  Content<P> extends { "multipart/form-data": infer Form } ? Omit<Form, "file"> : Content<P>[keyof Content<P>];
export type Uploaded<P extends UploadPath> = Operation<P>["responses"][201]["content"]["application/json"];
type PathParams<P extends UploadPath> = Operation<P>["parameters"] extends { path: infer Path } ? Path : never;

export type UploadProgress = { sent: number; total: number };

export type UploadRequest<P extends UploadPath> = {
  file: Blob;
  /** The name the file is sent with: a File's own name when left out. */
  fileName?: string;
  fields: UploadFields<P>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
} & ([PathParams<P>] extends [never] ? { params?: undefined } : { params: PathParams<P> });

/** The types the service takes, as the user names them (the content decides, not the name). */
export const ACCEPTED_TYPES = "PDF, DOCX, ODT, XLSX, PPTX, PNG og JPEG";
export const ACCEPT_ATTRIBUTE = ".pdf,.docx,.odt,.xlsx,.pptx,.png,.jpg,.jpeg";

/** An upload the user stopped: nothing was kept. */
export class UploadCancelled extends Error {
  constructor() {
    super("Opplastingen ble avbrutt. Ingenting er lagret.");
    this.name = "UploadCancelled";
  }
}

/** What a refused upload says: the problem's own bokmål where it names the file's fault, with the
 * types accepted when the type was refused; a stale copy is said of the document, not of a case. */
export function uploadMessage(status: number, problem: Problem | null): string {
  const fileError = problem?.errors?.find((error) => error.field.split(".").pop() === "file");
  switch (status) {
    case 412:
      return "Noen andre har endret dokumentet mens du lastet opp. Det er lastet inn på nytt: se over og last opp igjen.";
    case 413:
      return problem?.detail_nb ?? "Filen er for stor.";
    case 415:
      return `Filtypen kan ikke lastes opp. Tjenesten tar imot ${ACCEPTED_TYPES}.`;
    case 422:
      if (fileError) return `${fileError.message_nb} Tjenesten tar imot ${ACCEPTED_TYPES}.`;
  }
  return messageFor(status);
}

function form(fields: object, file: Blob, fileName: string | undefined): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    // As the service reads a form: booleans as JSON writes them, null (or left out) as empty.
    if (value !== undefined) body.append(name, value === null ? "" : String(value));
  }
  if (fileName !== undefined) body.append("file", file, fileName);
  else body.append("file", file);
  return body;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** Sends the file and the form's fields, with If-Match from the ETag last read of the resource (a
 * document's new version), reporting the bytes sent; resolves to the 201 answer, or rejects with an
 * ApiError (its message the bokmål of uploadMessage) or UploadCancelled. */
export function uploadFile<P extends UploadPath>(path: P, request: UploadRequest<P>): Promise<Uploaded<P>> {
  const params = (request.params ?? {}) as Record<string, string>;
  const url = path.replace(/\{(\w+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) return reject(new UploadCancelled());
    const xhr = new XMLHttpRequest();
    const cancel = () => xhr.abort();
    request.signal?.addEventListener("abort", cancel, { once: true });
    const done = () => request.signal?.removeEventListener("abort", cancel);

    xhr.open("POST", url);
    xhr.setRequestHeader("X-Requested-With", "samordning");
    xhr.setRequestHeader("Accept", "application/json");
    const etag = etagFor(url);
    if (etag) xhr.setRequestHeader("If-Match", etag);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress?.({ sent: event.loaded, total: event.total });
    };
    xhr.onload = () => {
      done();
      const body = parse(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as Uploaded<P>);
      const problem = typeof body === "object" && body !== null && "status" in body ? (body as Problem) : null;
      reject(new ApiError(xhr.status, problem, uploadMessage(xhr.status, problem)));
    };
    xhr.onerror = () => {
      done();
      reject(new ApiError(0, null));
    };
    xhr.onabort = () => {
      done();
      reject(new UploadCancelled());
    };
    xhr.send(form(request.fields as object, request.file, request.fileName));
  });
}

/** A screen's upload in progress: the bytes sent so far, and a way to stop it. */
export function useUploadProgress() {
  const [progress, setProgress] = useState<UploadProgress | null>(null);
  const controller = useRef<AbortController | null>(null);
  return {
    progress,
    /** For one upload: where it reports, and what stops it. */
    start() {
      controller.current?.abort();
      controller.current = new AbortController();
      setProgress({ sent: 0, total: 0 });
      return { onProgress: setProgress, signal: controller.current.signal };
    },
    cancel: () => controller.current?.abort(),
    reset: () => setProgress(null),
  };
}
