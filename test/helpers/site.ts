// The built site (dist/) served on 127.0.0.1 as a static host would: clean URLs (/logits → logits.html).
import {existsSync} from "node:fs";
import type {IncomingMessage} from "node:http";
import {join, resolve} from "node:path";
import {serveDirectory, type StaticServer} from "./static-server.js";

/** The built site the browser tests use: dist/, or the folder SITE_DIR names (a site built elsewhere, e.g. by
 * `npm run bench -- --build`, so tests can run without touching dist/). */
export const DIST = process.env.SITE_DIR
  ? resolve(process.env.SITE_DIR)
  : join(new URL("../..", import.meta.url).pathname, "dist");

/** What a host sends to make its pages cross-origin isolated, which lets tfjs run WebAssembly on threads. */
export const CROSS_ORIGIN_ISOLATION: Readonly<Record<string, string>> = {
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-embedder-policy": "require-corp"
};

/**
 * Serves `directory` (default dist/), e.g. a site built into a temporary folder by a test, with `headers` on every
 * response (say, the two that make a page cross-origin isolated).
 */
export function serveSite(directory: string = DIST, headers: Record<string, string> = {}): Promise<StaticServer> {
  return serveDirectory(directory, {
    intercept: (request, response) => {
      for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
      mapCleanUrl(request, directory);
      return false;
    }
  });
}

/** Framework links pages without ".html" (/logits); like a static host, point such a request at the file (logits.html). */
export function mapCleanUrl(request: IncomingMessage, directory: string): void {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const pathname = decodeURIComponent(url.pathname);
  if (!pathname.endsWith("/") && !/\.[a-z0-9]+$/i.test(pathname) && existsSync(join(directory, `${pathname}.html`))) {
    request.url = `${url.pathname}.html${url.search}`;
  }
}
