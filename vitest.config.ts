import { fileURLToPath } from "node:url";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";
import { SETTING_NAMES } from "./src/setting-names";

const root = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Three projects: the Worker's tests run inside workerd; the deploy-time scan is a Node tool and its
// tests run in Node, as does the browser test of the dashboard. Inline projects do not inherit
// this root config, so each carries its own.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          cloudflareTest(async () => ({
            main: "./src/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                // Every setting is given here (empty means unset), so a developer's .dev.vars,
                // which wrangler reads for any config, cannot change what the tests see.
                ...Object.fromEntries(SETTING_NAMES.map((name) => [name, ""])),
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
          // The more specific entry first: "mxuserbot" alone would also match "mxuserbot/testing".
          alias: {
            "mxuserbot/testing": root("./src/sdk/testing.ts"),
            mxuserbot: root("./src/sdk/index.ts"),
          },
        },
        test: {
          name: "worker",
          include: ["test/**/*.test.ts"],
          exclude: ["test/scan/**", "test/browser/**"],
          globalSetup: ["./test/global-setup.ts"],
          setupFiles: ["./test/setup.ts"],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: "scan",
          include: ["test/scan/**/*.test.ts"],
          environment: "node",
          testTimeout: 20_000,
        },
      },
      {
        // The dashboard in a real Chromium against `wrangler dev`: slow to start, so one file.
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          environment: "node",
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
