/**
 * The permessage-deflate codecs as the rest of the plugin uses them. `selectCodec(transport)` picks,
 * once per transport at load time like the byte kernels, the native codec the transport module
 * offers as its `codec` field (ts/codec/native.ts: Node's zlib in the Node host, java.util.zip on
 * Android, libz on Apple platforms), else the pure one (inflate.ts, deflate.ts), which is also the
 * reference every native codec is tested against. Both keep the contract of codec.ts.
 */
import type { Deflater, DeflaterOptions, Inflater, InflaterOptions } from "./codec";
import { PureDeflater } from "./deflate";
import { PureInflater } from "./inflate";
import { type NativeCodec, NativeInflater, newNativeDeflater } from "./native";

export type { Deflater, DeflaterOptions, DeflateStep, Inflater, InflaterOptions, InflateStep } from "./codec";
export type { NativeCodec } from "./native";

/** Makes the inflater and deflater of one connection. */
export interface CodecFactory {
  /** "lua" for the pure codec, else the native codec's name. */
  name: string;
  newInflater(this: void, options: InflaterOptions): Inflater;
  newDeflater(this: void, options: DeflaterOptions): Deflater;
}

/** The pure codec, whatever the platform offers. */
export function newPureInflater(this: void, options: InflaterOptions): Inflater {
  return new PureInflater(options);
}

export function newPureDeflater(this: void, options: DeflaterOptions): Deflater {
  return new PureDeflater(options);
}

export const pureCodec: CodecFactory = { name: "lua", newInflater: newPureInflater, newDeflater: newPureDeflater };

/** The codec of a native library offered in the NativeCodec shape. */
export function nativeCodec(codec: NativeCodec): CodecFactory {
  return {
    name: codec.name,
    newInflater: (options: InflaterOptions) => new NativeInflater(codec, options),
    newDeflater: (options: DeflaterOptions) => newNativeDeflater(codec, options) ?? new PureDeflater(options),
  };
}

/** The native codec the transport module offers (its `codec` field), else the pure one. */
export function selectCodec(this: void, transport: unknown): CodecFactory {
  const offered = typeof transport === "object" && transport !== null ? (transport as { codec?: NativeCodec }).codec : undefined;
  if (offered !== undefined && typeof offered === "object") return nativeCodec(offered);
  return pureCodec;
}
