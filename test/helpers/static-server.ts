// A static file server on 127.0.0.1 with a random free port, for tests: serves a built site (dist/) or a folder laid
// out like an upstream host. `intercept` lets a test answer some requests itself (redirects, errors, broken bodies).
import {createReadStream} from "node:fs";
import {stat} from "node:fs/promises";
import {createServer, type IncomingMessage, type ServerResponse} from "node:http";
import type {AddressInfo} from "node:net";
import {extname, join, normalize, resolve, sep} from "node:path";

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:43123". */
  url: string;
  /** Every request path seen, in order (path + query), so tests can tell whether the network was used. */
  requests: string[];
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Return true when the request has been answered; false to serve the file as usual. */
  intercept?: (request: IncomingMessage, response: ServerResponse) => boolean | Promise<boolean>;
  /** Served for a directory path ("/" → "/index.html"); default "index.html". */
  index?: string;
}

/** The Content-Type for each file extension the site and the tests serve. */
export const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
  ".svg": "image/svg+xml",
  ".txt": "text/plain; charset=utf-8"
};

/** Serves `root` (query strings ignored, no listing, nothing outside root) until close(). */
export async function serveDirectory(directory: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const root = resolve(directory);
  const requests: string[] = [];
  const server = createServer(async (request, response) => {
    requests.push(request.url ?? "");
    try {
      if (options.intercept && (await options.intercept(request, response))) return;
      const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
      let path = normalize(join(root, pathname));
      if (path !== root && !path.startsWith(root + sep)) return void response.writeHead(403).end();
      let info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) {
        path = join(path, options.index ?? "index.html");
        info = await stat(path).catch(() => undefined);
      }
      if (!info?.isFile())
        return void response.writeHead(404, {"content-type": "text/plain"}).end(`Not found: ${pathname}`);
      response.writeHead(200, {
        "content-type": CONTENT_TYPES[extname(path).toLowerCase()] ?? "application/octet-stream",
        "content-length": info.size
      });
      if (request.method === "HEAD") return void response.end();
      createReadStream(path).pipe(response);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500, {"content-type": "text/plain"});
      response.end(String(error));
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const {port} = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      })
  };
}
