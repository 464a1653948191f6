import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";
import { etagFor } from "@/lib/etags";

export type Webhook = Schemas["WebhookOut"];
export type WebhookWithSecret = Schemas["WebhookSecret"];
export type Delivery = Schemas["WebhookDeliveryOut"];
export type EventType = Schemas["EventType"];

/** The caller's subscriptions (the secretariat: every one). */
export function useWebhooks(cursor: string | null) {
  return useQuery({
    queryKey: ["webhooks", cursor],
    queryFn: () => unwrap(api.GET("/api/v1/webhooks", { params: { query: { cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}

export function useWebhook(id: string) {
  return useQuery({
    queryKey: ["webhook", id],
    queryFn: () => unwrap(api.GET("/api/v1/webhooks/{webhook_id}", { params: { path: { webhook_id: id } } })),
  });
}

/** A new subscription; its answer carries the signing secret, this once. */
export function useCreateWebhook() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["WebhookCreate"]) => unwrap(api.POST("/api/v1/webhooks", { body })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["webhooks"] }),
  });
}

function useRefresh(id: string) {
  const queryClient = useQueryClient();
  return () => {
    void queryClient.invalidateQueries({ queryKey: ["webhook", id] });
    void queryClient.invalidateQueries({ queryKey: ["webhooks"] });
  };
}

/** Pause or resume delivery, with the subscription's ETag as If-Match. */
export function useSetActive(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: (active: boolean) =>
      unwrap(
        api.PATCH("/api/v1/webhooks/{webhook_id}", {
          params: { path: { webhook_id: id }, header: { "if-match": etagFor(`/api/v1/webhooks/${id}`) } },
          body: { active },
        }),
      ),
    onSuccess: refresh,
  });
}

/** A new signing secret (shown once); the old one signs beside it for 24 hours. */
export function useRotateSecret(id: string) {
  const refresh = useRefresh(id);
  return useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/v1/webhooks/{webhook_id}/rotate-secret", {
          params: { path: { webhook_id: id }, header: { "if-match": etagFor(`/api/v1/webhooks/${id}`) } },
        }),
      ),
    onSuccess: refresh,
  });
}

export function useReloadWebhook(id: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ["webhook", id] });
}

/** The delivery log, newest first. */
export function useDeliveries(id: string, cursor: string | null) {
  return useQuery({
    queryKey: ["webhook-deliveries", id, cursor],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/webhooks/{webhook_id}/deliveries", {
          params: { path: { webhook_id: id }, query: { cursor, limit: 25 } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** Sends a delivered (or withheld) event again, after what is pending. */
export function useRedeliver(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) =>
      unwrap(
        api.POST("/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver", {
          params: { path: { webhook_id: id, delivery_id: deliveryId } },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["webhook-deliveries", id] }),
  });
}
