/// <reference path="./helpers/provided.d.ts" />
import type { TestProject } from "vitest/node";
import { startFakeHomeserver } from "./fake-homeserver/server.js";

export default async function ({ provide }: TestProject): Promise<() => Promise<void>> {
  const homeserver = await startFakeHomeserver();
  provide("hsUrl", homeserver.url);
  return () => homeserver.close();
}
