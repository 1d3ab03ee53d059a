import * as sdk from "../sdk";

const SDK = Object.freeze({ ...sdk });

/**
 * What a bundled module's `import … from "mxuserbot"` resolves to. A name the SDK does not
 * export is simply undefined here, so it fails in that module alone.
 */
export function sdkRequire(name: string): unknown {
  if (name === "mxuserbot") return SDK;
  throw new Error(`modules may import only from "mxuserbot", not "${name}"`);
}
