export {};

declare module "vitest" {
  export interface ProvidedContext {
    hsUrl: string;
  }
}
