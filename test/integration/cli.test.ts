// The real `classify` command in a child process, as a person runs it. Each run loads a model (≈1–3 s), so there
// are few of them, each checking several things.
import {spawn} from "node:child_process";
import {copyFile, cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {dirname, join} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {photoPath} from "../helpers/tf.js";

const ROOT = new URL("../..", import.meta.url).pathname;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `node --import tsx components/cli.ts ...args` from the project root (or `root`), with `env` added to this process's. */
function classify(args: string[], env: Record<string, string | undefined> = {}, root = ROOT): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "components/cli.ts", ...args], {
      cwd: root,
      env: {...process.env, ...env},
      stdio: ["ignore", "pipe", "pipe"]
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({code, stdout, stderr}));
  });
}

interface JsonResult {
  file: string;
  model: string;
  shape: number[];
  top: {index: number; label: string; logit: number; probability: number}[];
  notes: string[];
}

function jsonLines(stdout: string): (JsonResult | {file: string; error: string})[] {
  const lines = stdout.split("\n").filter((line) => line !== "");
  return lines.map((line) => JSON.parse(line) as JsonResult | {file: string; error: string});
}

const NO_STACK = /\n\s+at .+:\d+:\d+/;

describe("classify with the real models", () => {
  const images = dirname(photoPath("cat.png"));
  let pngs: string[] = [];
  let scratch = "";

  beforeAll(async () => {
    pngs = (await readdir(images))
      .filter((name) => name.endsWith(".png"))
      .sort()
      .map((name) => join(images, name));
    scratch = await mkdtemp(join(tmpdir(), "classify-test-"));
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, {recursive: true, force: true});
  });

  it("--json gives one line of real predictions per image", async () => {
    expect(pngs.length).toBeGreaterThanOrEqual(4);
    const run = await classify(["--json", ...pngs]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const results = jsonLines(run.stdout) as JsonResult[];
    expect(results.map((result) => result.file)).toEqual(pngs);
    for (const result of results) {
      expect(Object.keys(result)).toEqual(["file", "model", "shape", "top", "notes"]);
      expect(result.model).toBe("v1-0.25");
      expect(result.shape).toEqual([1, 1000]);
      expect(result.top).toHaveLength(5);
      for (const entry of result.top) {
        expect(Object.keys(entry)).toEqual(["index", "label", "logit", "probability"]);
        expect(entry.probability).toBeGreaterThan(0);
        expect(entry.probability).toBeLessThan(1);
        expect(Number.isFinite(entry.logit)).toBe(true);
      }
      const probabilities = result.top.map((entry) => entry.probability);
      expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    }
    const cat = results.find((result) => result.file.endsWith("cat.png"))!;
    expect(cat.top[0]!.index).toBeGreaterThanOrEqual(281); // the cat classes: tabby … Egyptian cat
    expect(cat.top[0]!.index).toBeLessThanOrEqual(285);
  });

  it("human output shows the name, the print() text of the logits, the shape and the top K", async () => {
    const cat = join(images, "cat.png");
    const run = await classify(["--top", "3", cat]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toContain(`\n${cat}\n`);
    expect(run.stdout).toMatch(/\nTensor\n\s+\[\[-?\d+\.\d+, .*, \.\.\., .*\],\]\n/);
    expect(run.stdout).toContain("shape: [1, 1000]");
    const ranks = run.stdout.split("\n").filter((line) => /^\s+\d+\. /.test(line));
    expect(ranks).toHaveLength(3);
    // The probability as the pages write it (probabilityText): one decimal from 10 %.
    expect(ranks[0]).toMatch(/^\s+1\. .*cat.*\d+\.\d%\s+logit\s+-?\d+\.\d+\s+class 28[1-5]$/);
  });

  it("a mixed run reports each bad file on its line, still classifies the rest, and exits 1", async () => {
    const text = join(scratch, "notes.txt");
    await writeFile(text, "not a picture\n");
    const missing = join(scratch, "missing.png");
    const cat = join(images, "cat.png");
    const run = await classify(["--json", "--top", "1", missing, text, cat]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe("");
    const [first, second, third] = jsonLines(run.stdout);
    expect(first).toEqual({file: missing, error: expect.stringMatching(/^There is no file .*missing\.png/)});
    expect(second).toEqual({file: text, error: expect.stringMatching(/is a text file.*JPEG, PNG, GIF or WebP/)});
    expect(third).toMatchObject({file: cat, shape: [1, 1000]});
    expect((third as JsonResult).top).toHaveLength(1);
    expect(run.stdout).not.toMatch(NO_STACK);
  });

  it("--model v1-0.75 runs the larger model", async () => {
    const run = await classify(["--model", "v1-0.75", "--json", join(images, "cat.png")]);
    expect([run.code, run.stderr]).toEqual([0, ""]);
    const [result] = jsonLines(run.stdout) as JsonResult[];
    expect(result!.model).toBe("v1-0.75");
    expect(result!.shape).toEqual([1, 1000]);
    expect(result!.top[0]!.index).toBeGreaterThanOrEqual(281);
    expect(result!.top[0]!.index).toBeLessThanOrEqual(285);
  });
});

describe("classify refuses what it cannot do, without a stack trace", () => {
  it.each([
    [["--model", "v9", "a.png"], /Unknown model "v9"/],
    [["--top", "1001", "a.png"], /--top must be a whole number from 1 to 1000/],
    [["--json"], /No image files given/]
  ])("bad arguments %j: usage on stderr, exit 2", async (args, message) => {
    const run = await classify(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain("Usage: npm run classify --");
  });

  it("a model that cannot be loaded: one clear message, exit 1", async () => {
    // A copy of the code without the project's data/models and with every upstream address at a closed port: with
    // no assets folder and an empty cache, every source fails, as for a user who deleted the files while offline.
    const copy = await mkdtemp(join(tmpdir(), "classify-no-model-"));
    try {
      await cp(join(ROOT, "components"), join(copy, "components"), {recursive: true});
      await copyFile(join(ROOT, "package.json"), join(copy, "package.json")); // "type": "module"
      await mkdir(join(copy, "data"));
      for (const manifest of ["models.json", "photos.json"]) {
        const text = await readFile(join(ROOT, "data", manifest), "utf8");
        const offline = text.replace(/"(base|upstream)": "https?:\/\/[^"]*"/g, '"$1": "http://127.0.0.1:9/offline/"');
        await writeFile(join(copy, "data", manifest), offline);
      }
      await symlink(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
      const run = await classify(
        ["--json", "a.png"],
        {MOBILENET_ASSETS: join(copy, "no-such-assets-folder"), MOBILENET_CACHE: join(copy, "empty-cache")},
        copy
      );
      expect(run.code).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^Could not load the model v1-0\.25, MobileNet v1 0\.25 .*: .+/m);
      expect(run.stderr).toContain("project's copy");
      expect(run.stderr).toContain("http://127.0.0.1:9/offline/model.json?tfjs-format=file");
      expect(run.stderr).not.toMatch(NO_STACK);
    } finally {
      await rm(copy, {recursive: true, force: true});
    }
  });
});
