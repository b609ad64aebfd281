/**
 * The plugin's clock, in seconds, for the connect timeout, keep-alive and pong timeout. The core has
 * none of its own (sans-I/O). Preference: the transport's monotonic clock, Solar2D's system.getTimer,
 * and os.time as a last resort (whole seconds).
 */
import { Transport } from "../transport/contract";

declare const system: { getTimer(this: void): number } | undefined;

export function clockFor(transport: Pick<Transport, "now">): (this: void) => number {
  if (transport.now !== undefined) return transport.now;
  const solar2d = (_G as unknown as Record<string, unknown>)["system"] as typeof system;
  if (solar2d !== undefined && type(solar2d.getTimer) === "function") return () => solar2d.getTimer() / 1000;
  return () => os.time();
}
