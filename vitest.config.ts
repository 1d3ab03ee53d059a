import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      main: "./src/index.ts",
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(root("./migrations")),
          MATRIX_USER_ID: "@owner:test.local",
          AS_TOKEN: "as-token-for-tests",
          HS_TOKEN: "hs-token-for-tests",
          OWNERS: "@coowner:test.local",
          MATRIX_RETRY_BASE_MS: "5",
        },
      },
    })),
  ],
  resolve: {
    alias: { mxuserbot: root("./src/sdk/index.ts") },
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/global-setup.ts"],
    setupFiles: ["./test/setup.ts"],
    testTimeout: 20_000,
  },
});
