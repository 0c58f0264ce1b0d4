import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The server's build runs `npm run build` and copies dist/ into its wwwroot.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1000,
    // Stable names: the server's build copies dist/ into wwwroot, and MSBuild's static web assets keep the
    // file list they saw when the project was evaluated (a renamed file would be a missing asset).
    rollupOptions: {
      output: {
        entryFileNames: "assets/designer.js",
        chunkFileNames: "assets/[name].js",
        assetFileNames: "assets/[name][extname]",
      },
    },
  },
  server: { proxy: { "/api": "http://localhost:5080", "/hooks": "http://localhost:5080" } },
});
