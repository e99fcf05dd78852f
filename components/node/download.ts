// Downloading asset files over HTTP(S) with visible progress and errors that say what went wrong.
import {errorMessage} from "../pipeline/errors.js";
import {bytesText} from "../pipeline/format.js";

/** Where progress lines go: process.stderr, or anything with `write` (tests capture it). */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export class DownloadError extends Error {
  override name = "DownloadError";
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number
  ) {
    super(message);
  }
}

export interface DownloadOptions {
  /** Called with the size of every chunk as it arrives. */
  onBytes?: (count: number) => void;
  /** Give up when no bytes arrive for this long (ms). */
  idleTimeoutMs?: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** GETs `url` (following redirects) and returns the whole body; throws a DownloadError worded for a person. */
export async function downloadBytes(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const idleTimeoutMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const restartTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, idleTimeoutMs);
  };
  const explain = (error: unknown, received?: number, expected?: number): DownloadError => {
    if (error instanceof DownloadError) return error;
    if (timedOut)
      return new DownloadError(
        `${url} sent nothing for ${idleTimeoutMs / 1000} s, so the download was abandoned.`,
        url
      );
    const detail = networkProblem(error);
    if (received !== undefined) {
      const of = expected !== undefined ? ` of ${bytesText(expected)}` : "";
      return new DownloadError(`the download of ${url} broke off after ${bytesText(received)}${of} (${detail}).`, url);
    }
    return new DownloadError(`could not reach ${url} (${detail}).`, url);
  };

  restartTimer();
  try {
    let response: Response;
    try {
      response = await fetch(url, {redirect: "follow", signal: abort.signal});
    } catch (error) {
      throw explain(error);
    }
    const via = response.redirected && response.url !== url ? ` (redirected to ${response.url})` : "";
    if (!response.ok) {
      await response.body?.cancel().catch(() => {});
      const statusText = response.statusText ? ` ${response.statusText}` : "";
      throw new DownloadError(`${url}${via} answered HTTP ${response.status}${statusText}.`, url, response.status);
    }
    // With a content encoding, Content-Length counts compressed bytes and fetch hands us decompressed ones.
    const declared = response.headers.has("content-encoding")
      ? undefined
      : Number(response.headers.get("content-length") ?? NaN);
    const expected = declared !== undefined && Number.isFinite(declared) ? declared : undefined;
    const chunks: Uint8Array[] = [];
    let received = 0;
    try {
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          restartTimer();
          chunks.push(chunk);
          received += chunk.byteLength;
          options.onBytes?.(chunk.byteLength);
        }
      }
    } catch (error) {
      throw explain(error, received, expected);
    }
    if (expected !== undefined && received !== expected) {
      throw new DownloadError(
        `the download of ${url}${via} ended after ${bytesText(received)} of ${bytesText(expected)}.`,
        url
      );
    }
    return concatBytes(chunks, received);
  } finally {
    clearTimeout(timer);
  }
}

/** The low-level reason behind a failed fetch, e.g. "connection refused (ECONNREFUSED)". */
function networkProblem(error: unknown): string {
  const cause = (error as {cause?: {code?: string; message?: string}} | undefined)?.cause;
  const code = cause?.code;
  const known: Record<string, string> = {
    ENOTFOUND: "host not found: no network, or DNS cannot resolve it",
    EAI_AGAIN: "host name lookup failed: no network, or DNS is unavailable",
    ECONNREFUSED: "connection refused",
    ECONNRESET: "connection reset by the server",
    ETIMEDOUT: "connection timed out",
    UND_ERR_SOCKET: "the server closed the connection",
    UND_ERR_CONNECT_TIMEOUT: "connection timed out"
  };
  if (code && known[code]) return `${known[code]} (${code})`;
  const message = cause?.message ?? errorMessage(error);
  return code ? `${message} (${code})` : message;
}

function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

export interface Progress {
  advance(count: number): void;
  /** Prints the final line (100 % when the total was known). */
  finish(): void;
}

/**
 * Progress for one download of `total` bytes (undefined when unknown). On a terminal one line is rewritten in place;
 * in a log (a build, CI) a line is printed at every quarter so the log stays short.
 */
export function startProgress(label: string, total: number | undefined, sink: TextSink): Progress {
  let received = 0;
  let lastQuarter = 0;
  let lastMegabyte = 0;
  let lastDraw = 0;
  const text = () =>
    total
      ? `${label}: ${Math.floor((100 * received) / total)}% (${bytesText(received)} of ${bytesText(total)})`
      : `${label}: ${bytesText(received)}`;
  const draw = (final: boolean) => {
    if (sink.isTTY) {
      const now = Date.now();
      if (!final && now - lastDraw < 100) return;
      lastDraw = now;
      sink.write(`\r${text()}${final ? "\n" : ""}`);
      return;
    }
    if (total) {
      const quarter = Math.floor((4 * received) / total);
      if (quarter === lastQuarter) return;
      lastQuarter = quarter;
    } else {
      const megabyte = Math.floor(received / 1_000_000);
      if (!final && megabyte === lastMegabyte) return;
      lastMegabyte = megabyte;
    }
    sink.write(`${text()}\n`);
  };
  if (!sink.isTTY) sink.write(`${label} …\n`);
  if (total) draw(false);
  return {
    advance(count) {
      received += count;
      draw(false);
    },
    finish() {
      draw(true);
    }
  };
}
