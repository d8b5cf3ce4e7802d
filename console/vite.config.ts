import { defineConfig } from "vite";

// Served by the gateway at /console/ (same origin as the API); built into the gateway's web root.
export default defineConfig({
  base: "/console/",
  build: {
    outDir: "../services/Gateway/wwwroot/console",
    emptyOutDir: true,
    // Everything bundled: the console loads nothing from any host but the gateway.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
