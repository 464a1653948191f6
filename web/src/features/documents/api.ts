import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { etagFor } from "@/lib/etags";

export type Document = Schemas["DocumentOut"];
export type DocumentKind = Schemas["DocumentKind"];

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
