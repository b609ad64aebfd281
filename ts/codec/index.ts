/**
 * The permessage-deflate codecs as the rest of the plugin uses them: `newInflater` and `newDeflater`
 * return the native codec of this platform when the host offers one (native.ts), else the pure one
 * (inflate.ts, deflate.ts), which is also the reference every native codec is tested against.
 */
import type { Deflater, DeflaterOptions, Inflater, InflaterOptions } from "./codec";
import { PureDeflater } from "./deflate";
import { PureInflater } from "./inflate";

export type { Deflater, DeflaterOptions, DeflateStep, Inflater, InflaterOptions, InflateStep } from "./codec";

/** The pure codec, whatever the platform offers. */
export function newPureInflater(options: InflaterOptions): Inflater {
  return new PureInflater(options);
}

export function newPureDeflater(options: DeflaterOptions): Deflater {
  return new PureDeflater(options);
}
