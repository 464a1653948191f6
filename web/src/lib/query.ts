import { QueryCache, QueryClient, MutationCache } from "@tanstack/react-query";
import { ApiError } from "./problem";

export const SIGN_IN_PATH = "/arbeid/logg-inn";

/** The sign-in page, with where to come back to afterwards. */
export function signInUrl(back: string): string {
  return back.startsWith("/arbeid/") && !back.startsWith(SIGN_IN_PATH)
    ? `${SIGN_IN_PATH}?neste=${encodeURIComponent(back)}`
    : SIGN_IN_PATH;
}

// A 401 anywhere means the session is gone: to the sign-in page, then back here.
function onError(error: unknown): void {
  if (error instanceof ApiError && error.status === 401 && !window.location.pathname.startsWith(SIGN_IN_PATH)) {
    window.location.assign(signInUrl(window.location.pathname + window.location.search));
  }
}

export const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
