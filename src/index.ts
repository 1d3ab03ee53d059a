import type { Env } from "./env";
import { app } from "./http/app";
import { runScheduled } from "./scheduled";

export { CryptoDevice } from "./crypto/device";
export { ModuleGateway } from "./sandbox/gateway";

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(runScheduled(controller, env));
  },
} satisfies ExportedHandler<Env>;
