export {};

declare module "vitest" {
  export interface ProvidedContext {
    hsUrl: string;
    /** A plain file host on 127.0.0.1 (module and repository files for install tests). */
    filesUrl: string;
  }
}
