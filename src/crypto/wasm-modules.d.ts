declare module "*/matrix_sdk_crypto_wasm_bg.js" {
  const bindings: Record<string, unknown>;
  export = bindings;
}
