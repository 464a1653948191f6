import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query";
import { ApiError } from "./problem";

export const ME_KEY = ["me"] as const;

// A 401 anywhere means the session has ended: asking again who is signed in makes the app's guard
// (features/auth RequireSignIn) send the person to sign-in, and back here afterwards.
function onError(error: unknown, key?: readonly unknown[]): void {
  if (error instanceof ApiError && error.status === 401 && key?.[0] !== ME_KEY[0]) {
    void queryClient.invalidateQueries({ queryKey: ME_KEY });
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError: (error, query) => onError(error, query.queryKey) }),
  mutationCache: new MutationCache({ onError: (error) => onError(error) }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      // A 4xx answer will not change by asking again; a lost connection or a 5xx may.
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
