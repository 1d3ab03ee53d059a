/** A reason the scan refuses a module, at a position of the source the author wrote. */
export interface Finding {
  rule: string;
  message: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units, as editors count. */
  column: number;
}

export interface ScanResult {
  file: string;
  /** The module's name when the scan could read it. */
  name: string | null;
  accepted: boolean;
  findings: Finding[];
  /** For an accepted module: the JavaScript after the rewrite (imports kept); otherwise null. */
  code: string | null;
}

/** What a transpiler gives the scan: JavaScript with every import kept, or why it failed. */
export type Transpiled =
  | {
      ok: true;
      code: string;
      /** A version 3 source map from `code` back to the source; without one, positions are taken as they are. */
      map?: string | null;
    }
  | { ok: false; message: string; line: number; column: number };

/**
 * Strips types from a module's source. It must keep every import, even unused ones
 * (esbuild: `verbatimModuleSyntax`), or the scan would never see them.
 */
export type Transpile = (source: string, file: string) => Transpiled;

export interface ScanOptions {
  /** Without one, the source must already be JavaScript. */
  transpile?: Transpile;
}
