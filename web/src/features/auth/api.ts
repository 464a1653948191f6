import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "@/lib/api";
import { forgetEtags } from "@/lib/etags";

export { useMe } from "@/lib/me";

export function useSignInOptions() {
  return useQuery({
    queryKey: ["sign-in-options"],
    queryFn: () => unwrap(api.GET("/api/v1/auth/sign-in-options")),
    staleTime: 5 * 60_000,
  });
}

export function useDemoSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (personId: string) => unwrap(api.POST("/api/v1/auth/demo-sign-in", { body: { person_id: personId } })),
    // Another person: nothing the last one read may show.
    onSuccess: () => {
      forgetEtags();
      queryClient.clear();
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/auth/sign-out")),
    onSuccess: () => {
      forgetEtags();
      queryClient.clear();
    },
  });
}
