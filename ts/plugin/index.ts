/**
 * plugin.websockets: the module table game code gets from `require("plugin.websockets")`.
 */
import { internals } from "./internals";

export const VERSION = "0.1.0";
export const _core = internals;
