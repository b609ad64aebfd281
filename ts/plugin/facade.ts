/**
 * The objects game code holds (a client, a server, a server's peer) are facades: tables whose only
 * keys are the public methods, with the constants (`ws.ONOPEN`) behind their metatable's `__index`.
 * The object that does the work (its session, state, queues, the service loop's methods) is
 * reached only through the methods' upvalues, so no field of a facade leads to it, and `pairs` over
 * one yields the API and nothing else (issue: game-facing objects show only the public API).
 *
 * Why closures, one set per object, rather than one shared method table and a weak-keyed map from
 * facade to object: the object must point back to its facade (every event's `target` is the facade),
 * and Lua 5.1 and LuaJIT (Solar2D's runtimes) have no ephemerons, so such a map would keep every
 * facade and its object alive forever; fengari has no weak tables at all. A closure's upvalue is
 * also the cheapest lookup there is on the per-message path (`ws:send`).
 *
 * Each method checks that it was called with a colon (`ws:send(x)`; a dot call passes `x` as self)
 * and forwards to the object's method. That call is deliberately not a tail call: Lua 5.1 counts a
 * tail call as a level of its own without a line, so an API method raising at "its caller's caller"
 * (arguments.ts, CALLER_OF_METHOD) names the game's line on all six runtimes only when the facade's
 * frame is really there. The results come back as at most two values (every API method returns one,
 * or `false, message`, or getRemoteAddress's address and port), taken into locals: cheaper than
 * passing them through a vararg helper, which also kept LuaJIT from compiling the call's trace whole
 * ("NYI: return to lower frame"; a refused send took 300 ns instead of 130).
 */
import * as constants from "./constants";

/** An API method of the object behind a facade, as its class compiles it: object first. */
type Method = (this: void, object: object, ...args: unknown[]) => LuaMultiReturn<[unknown, unknown?]>;

/** Every facade's metatable: the constants are reachable through each facade, stored once. */
const FACADE_METATABLE = { __index: constants };

/**
 * A facade for `object`: a table holding one method per name in `methods`, each forwarding to the
 * method of that name on `prototype`. `selfName` is what the game calls the object in the message of
 * a dot call: "bad argument #1 to 'send' (calling 'send' on bad self: use ws:send(...), not ws.send(...))".
 */
export function newFacade(object: object, prototype: object, methods: readonly string[], selfName: string): LuaTable {
  const facade = new LuaTable();
  for (const name of methods) {
    const method = (prototype as LuaTable<string, Method>).get(name);
    const forward = (self: unknown, ...args: unknown[]): LuaMultiReturn<[unknown, unknown?]> => {
      if (self !== facade) {
        error(`bad argument #1 to '${name}' (calling '${name}' on bad self: use ${selfName}:${name}(...), not ${selfName}.${name}(...))`, 2);
      }
      // As many results as the method gave: one, or `false, message` (and getRemoteAddress's two).
      const [first, second] = method(object, ...args);
      if (second === undefined) return $multi(first);
      return $multi(first, second);
    };
    facade.set(name, forward);
  }
  setmetatable(facade, FACADE_METATABLE);
  return facade;
}

/** The public methods of each kind of object (SPEC sections 2 and 7; the editor typings declare the
 *  same names, and test/typings.test.ts compares them with what the built objects expose). */
export const CLIENT_METHODS = [
  "addEventListener", "removeEventListener", "connect", "send", "ping", "close", "disconnect",
  "getState", "getBufferedAmount", "getProtocol", "getExtensions", "getUrl",
] as const;
export const SERVER_METHODS = [
  "addEventListener", "removeEventListener", "listen", "getState", "getPort", "getClients", "broadcast", "close",
] as const;
export const PEER_METHODS = [
  "addEventListener", "removeEventListener", "send", "ping", "close", "disconnect",
  "getState", "getBufferedAmount", "getProtocol", "getExtensions", "getRemoteAddress",
] as const;
