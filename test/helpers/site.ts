// The built site (dist/) served on 127.0.0.1 as a static host would: clean URLs (/logits → logits.html).
import {existsSync} from "node:fs";
import {join} from "node:path";
import {serveDirectory, type StaticServer} from "./static-server.js";

export const DIST = join(new URL("../..", import.meta.url).pathname, "dist");

/** Serves `directory` (default dist/), e.g. a site built into a temporary folder by a test. */
export function serveSite(directory: string = DIST): Promise<StaticServer> {
  return serveDirectory(directory, {
    intercept: (request) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      // Framework links pages without ".html"; a static host maps them to the file.
      if (!url.pathname.endsWith("/") && !/\.[a-z0-9]+$/i.test(url.pathname) && existsSync(join(directory, `${url.pathname}.html`))) {
        request.url = `${url.pathname}.html${url.search}`;
      }
      return false;
    }
  });
}
