import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The server's build runs `npm run build` and copies dist/ into its wwwroot.
export default defineConfig({
  plugins: [react()],
  base: "/",
  build: { outDir: "dist", emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  server: { proxy: { "/api": "http://localhost:5080", "/hooks": "http://localhost:5080" } },
});
