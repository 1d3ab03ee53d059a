// The crypto library's generated bindings and its wasm, imported directly: its own entry points
// fetch the wasm by URL (browsers) or read it from disk (Node), neither of which a Worker can.
import * as bindings from "../../node_modules/@matrix-org/matrix-sdk-crypto-wasm/pkg/matrix_sdk_crypto_wasm_bg.js";
import * as wasmFile from "../../node_modules/@matrix-org/matrix-sdk-crypto-wasm/pkg/matrix_sdk_crypto_wasm_bg.wasm";

export type Crypto = typeof import("@matrix-org/matrix-sdk-crypto-wasm");

let ready: Crypto | undefined;

/** Instantiates the matrix-sdk-crypto wasm once per isolate (a few ms; the module is precompiled). */
export function loadCrypto(): Crypto {
  if (!ready) {
    // A Worker imports a .wasm file as its compiled module (the default export).
    const wasmModule = (wasmFile as unknown as { default: WebAssembly.Module }).default;
    const instance = new WebAssembly.Instance(wasmModule, {
      "./matrix_sdk_crypto_wasm_bg.js": bindings as unknown as WebAssembly.ModuleImports,
    });
    (bindings as unknown as { __wbg_set_wasm(exports: unknown): void }).__wbg_set_wasm(
      instance.exports,
    );
    (instance.exports as { __wbindgen_start(): void }).__wbindgen_start();
    ready = bindings as unknown as Crypto;
  }
  return ready;
}
