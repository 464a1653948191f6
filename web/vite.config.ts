import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Served by the service at /arbeid/ (app/staff_app); the manifest lets scripts/budget.mjs find the
// chunks of the first load. `npm run dev` proxies the API to a local `make run`.
export default defineConfig({
  base: "/arbeid/",
  plugins: [react()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  // The size that counts is gzip on the first load, checked by scripts/budget.mjs.
  build: { manifest: true, sourcemap: false, assetsInlineLimit: 0, chunkSizeWarningLimit: 1000 },
  server: { proxy: { "/api": "http://127.0.0.1:8000", "/auth": "http://127.0.0.1:8000" } },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
