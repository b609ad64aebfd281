/**
 * The headless simulator's `--url FROM=TO` (simulator/README.md): a project that hard-codes
 * wss://game.example.com/ connects to the local server a run names instead, unchanged. The
 * simulator registers a function `url -> url` in `package.loaded` under URL_REWRITE_MODULE before the
 * project runs; the plugin looks it up once, when its services start, and every connect URL passes
 * through it. It is looked up, not required: nothing is searched for where it is absent (devices,
 * the Solar2D Simulator, plain Lua), and game objects gain no field for it.
 */
export const URL_REWRITE_MODULE = "plugin.websockets_url_rewrite";

export type UrlRewrite = (this: void, url: string) => string;

/** The host's URL rewrite, or undefined when none was registered. */
export function hostUrlRewrite(): UrlRewrite | undefined {
  // (`package` is a reserved word in TypeScript's strict mode, hence the global table.)
  const loaded = (_G as unknown as Record<string, { loaded: Record<string, unknown> }>)["package"].loaded;
  const rewrite = loaded[URL_REWRITE_MODULE];
  return type(rewrite) === "function" ? (rewrite as UrlRewrite) : undefined;
}
