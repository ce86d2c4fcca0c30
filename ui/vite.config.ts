import { defineConfig } from "vitest/config";

// The translations live in ../assets/i18n and are imported as raw text, so the UI and
// the Rust side read the very same files.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  server: { fs: { allow: [".."] } },
  build: { outDir: "dist", emptyOutDir: true, target: "safari15" },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
