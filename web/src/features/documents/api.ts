import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { etagFor } from "@/lib/etags";
import { ApiError } from "@/lib/problem";
import { uploadFile, useUploadProgress, type UploadFields } from "@/lib/upload";

export type Document = Schemas["DocumentOut"];
export type DocumentKind = Schemas["DocumentKind"];
export type DocumentVersion = Schemas["DocumentVersionOut"];

export type DocumentFilters = { kind?: DocumentKind; owner_body_id?: string };

export function useDocuments(filters: DocumentFilters, cursor: string | null) {
  return useQuery({
    queryKey: ["documents", filters, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/documents", { params: { query: { ...filters, cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useDocument(id: string | undefined) {
  return useQuery({
    queryKey: ["document", id],
    queryFn: () => unwrap(api.GET("/api/v1/documents/{document_id}", { params: { path: { document_id: id ?? "" } } })),
    enabled: Boolean(id),
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: ["document", id, "versions"],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/documents/{document_id}/versions", {
          params: { path: { document_id: id }, query: { limit: 200 } },
        }),
      ),
  });
}

/** Cases a document may be attached to: the newest first. */
export function useCaseChoices() {
  return useQuery({
    queryKey: ["cases", "choices"],
    queryFn: () => unwrap(api.GET("/api/v1/cases", { params: { query: { limit: 200 } } })),
    select: (page) => page.items,
  });
}

export function useCreateDocument() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DocumentCreate"]) => unwrap(api.POST("/api/v1/documents", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["documents"] }),
  });
}

/** A new document made from a file (multipart POST /api/v1/documents), with the bytes sent so far. */
export function useCreateDocumentWithFile() {
  const queryClient = useQueryClient();
  const upload = useUploadProgress();
  const mutation = useMutation({
    mutationFn: ({ file, fields }: { file: File; fields: UploadFields<"/api/v1/documents"> }) =>
      uploadFile("/api/v1/documents", { file, fields, ...upload.start() }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["documents"] }),
    onError: upload.reset,
  });
  return { ...mutation, progress: upload.progress, cancel: upload.cancel };
}

/** A file uploaded as the document's new version, with the bytes sent so far. Someone else's change
 * meanwhile (412) reloads the document, so that the next try carries its new ETag. */
export function useUploadVersion(id: string) {
  const queryClient = useQueryClient();
  const upload = useUploadProgress();
  const mutation = useMutation({
    mutationFn: ({ file, note }: { file: File; note: string }) =>
      uploadFile("/api/v1/documents/{document_id}/files", {
        params: { document_id: id },
        file,
        fields: note ? { note } : {},
        ...upload.start(),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["document", id] }),
    onError: (error) => {
      upload.reset();
      if (error instanceof ApiError && error.staleCopy)
        void queryClient.invalidateQueries({ queryKey: ["document", id] });
    },
  });
  return { ...mutation, progress: upload.progress, cancel: upload.cancel };
}

export function useUpdateDocument(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DocumentUpdate"]) =>
      unwrap(
        api.PATCH("/api/v1/documents/{document_id}", {
          params: { path: { document_id: id }, header: { "if-match": etagFor(`/api/v1/documents/${id}`) } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["document", id] }),
  });
}

export function useAttach() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ caseId, documentId }: { caseId: string; documentId: string }) =>
      unwrap(
        api.POST("/api/v1/cases/{case_id}/documents", {
          params: { path: { case_id: caseId } },
          body: { document_id: documentId },
        }),
      ),
    onSuccess: (_result, { caseId }) => queryClient.invalidateQueries({ queryKey: ["case", caseId] }),
  });
}

export function useReloadDocument(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["document", id] });
}

/** A correction of a published document, with its reason (the secretariat: `document.correct`). */
export function useCorrect(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["DocumentCorrection"]) =>
      unwrap(
        api.POST("/api/v1/documents/{document_id}/corrections", {
          params: { path: { document_id: id }, header: { "if-match": etagFor(`/api/v1/documents/${id}`) } },
          body,
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["document", id] }),
  });
}
