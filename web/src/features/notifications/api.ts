import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "@/lib/api";

export type Preferences = Schemas["NotificationsOut"];
export type PreferencesChange = Schemas["NotificationsChange"];
export type Topic = keyof Preferences;
export type MailStatus = Schemas["MailMessageOut"]["status"];

const PREFERENCES = ["me", "notifications"];

/** Which e-mail the signed-in person gets, kind by kind. */
export function usePreferences() {
  return useQuery({ queryKey: PREFERENCES, queryFn: () => unwrap(api.GET("/api/v1/me/notifications")) });
}

export function useChangePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesChange) => unwrap(api.PATCH("/api/v1/me/notifications", { body })),
    onSuccess: (saved) => queryClient.setQueryData(PREFERENCES, saved),
  });
}

/** The e-mail sent to persons, newest first (the secretariat's). */
export function useMailMessages(status: MailStatus | undefined, cursor: string | null) {
  return useQuery({
    queryKey: ["mail-messages", status, cursor],
    queryFn: () => unwrap(api.GET("/api/v1/mail-messages", { params: { query: { status, cursor, limit: 25 } } })),
    placeholderData: keepPreviousData,
  });
}
