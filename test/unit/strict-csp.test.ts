import {createHash} from "node:crypto";
import {describe, expect, it} from "vitest";
import {hashSource, parsePolicy, PolicyError, strictPolicy, withStrictPolicy} from "../../scripts/strict-csp.js";

const LOOSE =
  "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; connect-src 'self'";

/** A page laid out as Framework 1.13 writes one, with the config's head (language script, then the policy). */
function page(body = "", extraHead = ""): string {
  return `<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>T</title>
<script>document.documentElement.lang = "en";</script>
<meta http-equiv="Content-Security-Policy" content="${LOOSE}">
<script type="module">
import {define} from "./_observablehq/client.js";
define({id: "1", body: () => 1 < 2 && "</p>"});
</script>
${extraHead}</head>
<body>${body}<script src="./_observablehq/search.js"></script></body>
</html>
`;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text).digest("base64")}'`;

describe("strict Content-Security-Policy", () => {
  it("hashes inline code as CSP does: SHA-256 of its UTF-8 bytes, in base64", () => {
    // The example hash from the CSP specification's 'hash-source' section.
    expect(hashSource("alert('Hello, world.');")).toBe("'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
  });

  it("drops 'unsafe-inline', keeps every other source and directive, and allows the given code by hash", () => {
    const policy = parsePolicy(strictPolicy(LOOSE, {scripts: ["a()", "b()", "a()"], styles: ["p{}"]}));
    expect(policy.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'", "blob:", sha256("a()"), sha256("b()")]);
    expect(policy.get("style-src")).toEqual(["'self'", sha256("p{}")]);
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:"]);
    expect([...policy.keys()]).toEqual(["default-src", "script-src", "style-src", "img-src", "connect-src"]);
  });

  it("gives a page its own policy, first after the charset, listing exactly its inline scripts", () => {
    const html = page();
    const strict = withStrictPolicy(html);
    const lines = strict.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "<!DOCTYPE html>",
      "<html>",
      "<head>",
      '<meta charset="utf-8">',
      expect.stringMatching(/^<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src /)
    ]);
    expect(strict.match(/Content-Security-Policy/g)).toHaveLength(1);
    const policy = parsePolicy(/content="([^"]+)"/.exec(lines[4]!)![1]!);
    const module =
      '\nimport {define} from "./_observablehq/client.js";\ndefine({id: "1", body: () => 1 < 2 && "</p>"});\n';
    expect(policy.get("script-src")).toEqual([
      "'self'",
      "'wasm-unsafe-eval'",
      "blob:",
      sha256('document.documentElement.lang = "en";'),
      sha256(module)
    ]);
    expect(policy.get("style-src")).toEqual(["'self'"]);
    // Nothing else changed: the old meta tag is gone, the rest is as it was.
    expect(strict.replace(`${lines[4]}\n`, "")).toBe(html.replace(/<meta http-equiv[^>]+>\n/, ""));
  });

  it("hashes inline styles too, and changes nothing when run again", () => {
    const once = withStrictPolicy(page("", "<style>\n.x { color: red; }\n</style>\n"));
    expect(once).toContain(`style-src 'self' ${sha256("\n.x { color: red; }\n")};`);
    expect(withStrictPolicy(once)).toBe(once);
  });

  it("refuses markup that hashes cannot allow: style attributes, event handlers, javascript: links", () => {
    expect(() => withStrictPolicy(page('<p style="color: red">x</p>'), "x.html")).toThrow(
      /x\.html has markup .*<p style="color: red">.*Move styles into src\/style\.css/
    );
    expect(() => withStrictPolicy(page('<img src="a.png" onerror="go()">'))).toThrow(/<img onerror="…">/);
    expect(() => withStrictPolicy(page('<a href="javascript:go()">x</a>'))).toThrow(/<a href="javascript:…">/);
    expect(() => withStrictPolicy(page('<a href="javascript:go()">x</a>'))).toThrow(PolicyError);
  });

  it("refuses a page without exactly one policy to tighten", () => {
    expect(() => withStrictPolicy(page().replace(/<meta http-equiv[^>]+>/, ""), "bare.html")).toThrow(
      /bare\.html has 0 Content-Security-Policy meta tags/
    );
    expect(() =>
      withStrictPolicy(page("", `<meta http-equiv="Content-Security-Policy" content="default-src *">\n`))
    ).toThrow(/has 2 Content-Security-Policy meta tags/);
  });
});
