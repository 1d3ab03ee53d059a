/// <reference path="./helpers/provided.d.ts" />
import type { TestProject } from "vitest/node";
import { startFakeHomeserver } from "./fake-homeserver/server.js";
import { startFileHost } from "./file-host/server.js";

export default async function ({ provide }: TestProject): Promise<() => Promise<void>> {
  const homeserver = await startFakeHomeserver();
  provide("hsUrl", homeserver.url);
  const files = await startFileHost();
  provide("filesUrl", files.url);
  return async () => {
    await homeserver.close();
    await files.close();
  };
}
