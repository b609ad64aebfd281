/**
 * A client's event listeners, in the Solar2D convention: a function, or a table whose method named
 * after the event (`websocket`) receives the event (`listener:websocket(event)`).
 */
import { badArgument, CALLER_OF_CHECK } from "./arguments";
import { WSEVENT } from "./constants";

export type EventTable = LuaTable<string, unknown>;
export type Listener = ((this: void, event: EventTable) => unknown) | LuaTable<string, unknown>;

/** Why `listener` cannot be one, or undefined when it can. */
export function listenerProblem(listener: unknown): string | undefined {
  if (type(listener) === "function") return undefined;
  if (type(listener) === "table") {
    const method = (listener as LuaTable<string, unknown>).get(WSEVENT);
    if (type(method) === "function") return undefined;
    return `table listener has no '${WSEVENT}' method`;
  }
  return `function or table expected, got ${type(listener)}`;
}

/** Raises at the game's line (one frame below the list's method) unless `name` is WSEVENT. */
function checkEventName(fname: string, objectName: string, name: unknown): void {
  if (name !== WSEVENT) {
    error(badArgument(1, fname, `expected ${objectName}.WSEVENT ('${WSEVENT}'), got ${tostring(name)}`), CALLER_OF_CHECK + 1);
  }
}

/**
 * The list is copied on change, never in place, so a dispatch iterates a list nobody alters: a
 * listener that adds or removes listeners affects the next event, and dispatching costs no copy.
 */
export class ListenerList {
  private listeners: Listener[] = [];

  /**
   * `addEventListener(name, listener)` of a client, server or peer (`objectName` is how the error
   * names its constants: "ws", "server"): checks the arguments, raising at the game's line
   * (CALLER_OF_CHECK: the API method calls this), then adds.
   */
  addFromGame(objectName: string, name: unknown, listener: unknown): void {
    checkEventName("addEventListener", objectName, name);
    const problem = listenerProblem(listener);
    if (problem !== undefined) error(badArgument(2, "addEventListener", problem), CALLER_OF_CHECK);
    this.add(listener as Listener);
  }

  /** `removeEventListener(name, listener)`, checked the same way; whether it was registered. */
  removeFromGame(objectName: string, name: unknown, listener: unknown): boolean {
    checkEventName("removeEventListener", objectName, name);
    return this.remove(listener as Listener);
  }

  /** Adds `listener` once; adding it again changes nothing. */
  add(listener: Listener): void {
    if (this.listeners.indexOf(listener) >= 0) return;
    const next = [...this.listeners];
    next.push(listener);
    this.listeners = next;
  }

  /** Returns whether `listener` was registered. */
  remove(listener: Listener): boolean {
    if (this.listeners.indexOf(listener) < 0) return false;
    this.listeners = this.listeners.filter((l) => l !== listener);
    return true;
  }

  /** Calls every listener with `event`. An error raised by a listener propagates to the caller, like
   *  any Solar2D listener's. */
  dispatch(event: EventTable): void {
    for (const listener of this.listeners) {
      if (type(listener) === "function") {
        (listener as (this: void, event: EventTable) => unknown)(event);
      } else {
        const table = listener as LuaTable<string, unknown>;
        const method = table.get(WSEVENT) as (this: void, self: unknown, event: EventTable) => unknown;
        method(table, event);
      }
    }
  }
}
