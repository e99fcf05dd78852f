// Serving the built site as a static host does: the build's pre-compressed copies (scripts/precompress.ts), the
// bench's host that serves them (test/bench/static-host.ts), and the bench's verdicts and page-figure registry.
import {mkdtemp, readFile, readdir, rm, writeFile, mkdir} from "node:fs/promises";
import {request} from "node:http";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {brotliDecompressSync, gunzipSync} from "node:zlib";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {headersFile, isHashedPath, precompress} from "../../scripts/precompress.js";
import {budgetCheck} from "../bench/checks.js";
import {describeProfile, expectedTransferMs, PHONE_4G, UNTHROTTLED} from "../bench/network-profiles.js";
import {loadPageFigures, measurePageFigures, type FigureContext} from "../bench/page-figures.js";
import {serveBenchSite} from "../bench/site.js";
import {chooseEncoding} from "../bench/static-host.js";
import type {StaticServer} from "../helpers/static-server.js";

let site: string;
const script = "export const answer = 42;\n".repeat(200);
const html = `<!DOCTYPE html><title>Home</title><p>${"words ".repeat(300)}</p>\n`;

beforeAll(async () => {
  site = await mkdtemp(join(tmpdir(), "static-host-"));
  await mkdir(join(site, "_node", "d3@7"), {recursive: true});
  await mkdir(join(site, "_file", "data"), {recursive: true});
  await writeFile(join(site, "index.html"), html);
  await writeFile(join(site, "_node", "d3@7", "index.1a2b3c4d.js"), script);
  await writeFile(join(site, "_file", "data", "weights.5e6f7a8b.bin"), Buffer.alloc(4096, 7));
  await writeFile(join(site, "_file", "data", "tiny.9a8b7c6d.json"), "{}");
});

afterAll(async () => {
  await rm(site, {recursive: true, force: true});
});

describe("precompress", () => {
  it("writes .br and .gz beside each text file, decoding to the same bytes, and leaves other files alone", async () => {
    const summary = await precompress(site);
    const js = join(site, "_node", "d3@7", "index.1a2b3c4d.js");
    expect(brotliDecompressSync(await readFile(`${js}.br`)).toString()).toBe(script);
    expect(gunzipSync(await readFile(`${js}.gz`)).toString()).toBe(script);
    expect(gunzipSync(await readFile(join(site, "index.html.gz"))).toString()).toBe(html);
    const data = await readdir(join(site, "_file", "data"));
    expect(data.filter((name) => name.startsWith("weights"))).toEqual(["weights.5e6f7a8b.bin"]);
    // Two bytes of JSON compress to more than two bytes: no copy.
    expect(data.filter((name) => name.startsWith("tiny"))).toEqual(["tiny.9a8b7c6d.json"]);
    expect(summary.files).toBe(3);
    expect(summary.encoded.br).toBeLessThan(summary.bytes / 5);
  });

  it("is idempotent", async () => {
    const before = await readFile(join(site, "index.html.br"));
    await precompress(site);
    expect(await readFile(join(site, "index.html.br"))).toEqual(before);
    expect(await readdir(site)).not.toContain("index.html.br.br");
  });

  it("writes _headers keeping Framework's hashed folders a year, and pages as the host likes", async () => {
    const headers = await readFile(join(site, "_headers"), "utf8");
    expect(headers).toBe(headersFile());
    for (const folder of ["_file", "_import", "_node", "_npm", "_observablehq"])
      expect(headers).toContain(`/${folder}/*\n  Cache-Control: public, max-age=31536000, immutable`);
    expect(isHashedPath("/_node/d3@7/index.1a2b3c4d.js")).toBe(true);
    expect(isHashedPath("/softmax")).toBe(false);
  });
});

describe("chooseEncoding", () => {
  it("prefers brotli, then gzip, and honours q=0", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip, deflate")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(chooseEncoding("identity")).toBeUndefined();
    expect(chooseEncoding(undefined)).toBeUndefined();
  });
});

describe("the bench's server", () => {
  let server: StaticServer;
  let benchDir: string;

  beforeAll(async () => {
    benchDir = await mkdtemp(join(tmpdir(), "static-host-bench-"));
    await mkdir(join(benchDir, "page"));
    await writeFile(join(benchDir, "page", "page.js"), script); // no .br beside it: compressed in memory
    server = await serveBenchSite(site, benchDir);
  });

  afterAll(async () => {
    await server.close();
    await rm(benchDir, {recursive: true, force: true});
  });

  function get(path: string, headers: Record<string, string> = {}) {
    return new Promise<{status: number; headers: Record<string, unknown>; body: Buffer}>((resolve, reject) => {
      request(`${server.url}${path}`, {headers}, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () =>
          resolve({status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks)})
        );
      })
        .on("error", reject)
        .end();
    });
  }

  it("sends a hashed script brotli-compressed, kept a year", async () => {
    const response = await get("/_node/d3@7/index.1a2b3c4d.js", {"accept-encoding": "gzip, br"});
    expect(response.headers["content-encoding"]).toBe("br");
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers.vary).toBe("accept-encoding");
    expect(Number(response.headers["content-length"])).toBe(response.body.byteLength);
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
  });

  it("sends the page gzipped to a browser without brotli, revalidated by ETag", async () => {
    const response = await get("/", {"accept-encoding": "gzip"});
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(response.headers["cache-control"]).toBe("no-cache");
    expect(gunzipSync(response.body).toString()).toBe(html);
    const again = await get("/", {"accept-encoding": "gzip", "if-none-match": String(response.headers.etag)});
    expect(again.status).toBe(304);
    expect(again.body.byteLength).toBe(0);
  });

  it("sends weights and unasked-for encodings as they are", async () => {
    const weights = await get("/_file/data/weights.5e6f7a8b.bin", {"accept-encoding": "br"});
    expect(weights.headers["content-encoding"]).toBeUndefined();
    expect(weights.body.byteLength).toBe(4096);
    const plain = await get("/_node/d3@7/index.1a2b3c4d.js");
    expect(plain.body.toString()).toBe(script);
  });

  it("compresses the bench's own files, which have no copies on disk, in memory", async () => {
    const response = await get("/__bench/page/page.js", {"accept-encoding": "br"});
    expect(response.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(response.body).toString()).toBe(script);
    expect((await get("/__bench/nothing.js")).status).toBe(404);
  });
});

describe("network profiles", () => {
  it("say what they emulate and how long 1 MB takes at least", () => {
    expect(describeProfile(PHONE_4G)).toBe("10 Mbit/s down, 5 Mbit/s up, 40 ms round trip, CPU 4× slower");
    expect(describeProfile(UNTHROTTLED)).toBe("no throttling");
    expect(expectedTransferMs(PHONE_4G, 2 ** 20)).toBeCloseTo(878.9, 1);
    expect(expectedTransferMs(UNTHROTTLED, 2 ** 20)).toBe(0);
  });
});

describe("budgetCheck", () => {
  it("passes at or under the limit, or at or over it with atLeast, and is n/a when not measured", () => {
    const budget = {what: "Stage switch (p95)", limit: 50, unit: " ms"};
    expect(budgetCheck(budget, 50)).toEqual({target: "Stage switch (p95) ≤ 50 ms", figure: "50 ms", verdict: "PASS"});
    expect(budgetCheck(budget, 50.5).verdict).toBe("FAIL");
    expect(budgetCheck({...budget, atLeast: true}, 49).verdict).toBe("FAIL");
    expect(budgetCheck(budget, undefined)).toMatchObject({figure: "not measured", verdict: "n/a"});
    expect(budgetCheck(budget, NaN, "the page has no slider").figure).toBe("the page has no slider");
  });
});

describe("page figures", () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "page-figures-"));
    const figure = (name: string, body: string) =>
      `import {pageFigure} from ${JSON.stringify(new URL("../bench/page-figures.ts", import.meta.url).pathname)};
export default pageFigure({
  name: ${JSON.stringify(name)},
  issue: 14,
  measure: async () => { ${body} },
  budgets: [{what: "${name}: switch (p95)", limit: 50, unit: " ms", value: (figure) => figure.p95}]
});
`;
    await writeFile(join(folder, "b-fails.ts"), figure("fails", `throw new Error("the page has no slider");`));
    await writeFile(join(folder, "a-inside.ts"), figure("inside", "return {p95: 31};"));
    await writeFile(join(folder, "notes.md"), "not a figure");
  });

  afterAll(async () => {
    await rm(folder, {recursive: true, force: true});
  });

  it("registers every .ts file of the folder, in name order, and holds each result against its budgets", async () => {
    const figures = await loadPageFigures(folder);
    expect(figures.map((figure) => figure.name)).toEqual(["inside", "fails"]);
    const lines: string[] = [];
    // These figures use nothing of the context but its log.
    const context = {log: (line: string) => void lines.push(line)} as Partial<FigureContext> as FigureContext;
    const results = await measurePageFigures(figures, context);
    expect(results[0]).toMatchObject({
      name: "inside",
      issue: 14,
      figure: {p95: 31},
      checks: [{target: "inside: switch (p95) ≤ 50 ms", figure: "31 ms", verdict: "PASS"}]
    });
    expect(results[1]).toMatchObject({
      name: "fails",
      error: "the page has no slider",
      checks: [{figure: "not measured: the page has no slider", verdict: "n/a"}]
    });
    expect(lines).toEqual(["page figure fails failed: the page has no slider"]);
  });

  it("finds nothing in a folder that does not exist", async () => {
    expect(await loadPageFigures(join(folder, "missing"))).toEqual([]);
  });
});
