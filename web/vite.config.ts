import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { ProxyOptions } from "vite";
import { defineConfig } from "vitest/config";

// `npm run dev`: the API on a local `make run` (or SAMORDNING_URL). The page's origin (:5173) is not the service's, whose
// CSRF check refuses a foreign Origin; the proxy is the page's own server, so it drops the header.
const toService: ProxyOptions = {
  target: process.env.SAMORDNING_URL ?? "http://127.0.0.1:8000",
  configure: (proxy) => proxy.on("proxyReq", (request) => request.removeHeader("origin")),
};

// Served by the service at /arbeid/ (app/staff_app); the manifest lets scripts/budget.mjs find the
// chunks of the first load.
export default defineConfig({
  base: "/arbeid/",
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  // The size that counts is gzip on the first load, checked by scripts/budget.mjs.
  build: { manifest: true, sourcemap: false, assetsInlineLimit: 0, chunkSizeWarningLimit: 1000 },
  server: { proxy: { "/api": toService, "/auth": toService } },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
