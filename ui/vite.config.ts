import { defineConfig } from "vitest/config";

// The translations live in ../assets/i18n and are imported as raw text, so the UI and
// the Rust side read the very same files.
export default defineConfig({
  esbuild: { jsx: "automatic" },
  server: { fs: { allow: [".."] } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "safari15",
    rollupOptions: {
      // TanStack Query marks its modules "use client" for React Server Components, which a
      // desktop bundle has no use for; the warning about dropping it is noise.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
  test: { environment: "node", include: ["src/**/*.test.ts"] },
});
