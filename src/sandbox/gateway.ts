import { WorkerEntrypoint } from "cloudflare:workers";
import type { Env } from "../env";
import { createModuleHttp } from "../modules/module-http";

export interface GatewayProps {
  module: string;
  network: string[];
}

/**
 * A sandbox's only way out (its `globalOutbound`): every request is checked against the
 * module's `network` list — https, a declared host, no credentials — and redirects are followed
 * here, re-checked at every hop. The request is rebuilt, so nothing like `cf` options passes.
 */
export class ModuleGateway extends WorkerEntrypoint<Env, GatewayProps> {
  override async fetch(request: Request): Promise<Response> {
    const { module, network } = this.ctx.props;
    const http = createModuleHttp(module, network);
    try {
      const body =
        request.method === "GET" || request.method === "HEAD"
          ? undefined
          : await request.arrayBuffer();
      return await http.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return new Response(message, { status: 403, headers: { "x-mxuserbot-refused": "1" } });
    }
  }
}
