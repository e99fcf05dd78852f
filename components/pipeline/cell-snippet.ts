// "Copy the code": a page's teaching cells as one file a reader can paste into their own project. The cells run in
// order inside one function, with the published packages' imports; what the page made outside its teaching cells
// (the model, the photo) becomes a load call or a parameter; each cell's results are printed as the page shows them.
import {analyzeCell} from "./cell-code.js";

/** Where a name the cells read, but don't define, comes from in the reader's project. */
export type SnippetInput =
  /** A MobileNet loaded with @tensorflow-models/mobilenet (the page's `model`). */
  | {kind: "model"; version: number; alpha: number}
  /** A parameter of the file's function, described for the reader: "the photo as pixels [height, width, 3], 0–255". */
  | {kind: "parameter"; about: string}
  /** The page's value, written into the file as JavaScript (JSON). */
  | {kind: "value"; json: string}
  /** Imported from a published package, as the page imports it in a cell it doesn't show. */
  | ({kind: "import"} & PublishedImport);

/** Where a name the page imports from a published package comes from: the module, and the name it exports. */
export interface PublishedImport {
  source: string;
  /** The exported name (`default` for a default import). */
  imported: string;
}

export interface SnippetOptions {
  /** The page's title and address, for the file's first comment. */
  title: string;
  page: string;
  /** The teaching cells' code, in page order. */
  cells: readonly string[];
  inputs: Readonly<Record<string, SnippetInput>>;
}

/** Import sources a page uses, as a reader's project names them. */
const PUBLISHED: Record<string, string> = {
  "@tensorflow/tfjs": "@tensorflow/tfjs",
  "@tensorflow/tfjs-core": "@tensorflow/tfjs",
  "npm:@tensorflow/tfjs": "@tensorflow/tfjs",
  "npm:@tensorflow/tfjs-core": "@tensorflow/tfjs",
  "@tensorflow-models/mobilenet": "@tensorflow-models/mobilenet",
  "npm:@tensorflow-models/mobilenet": "@tensorflow-models/mobilenet"
};

const INDENT = "  ";

export function pageSnippet({title, page, cells, inputs}: SnippetOptions): string {
  const parsed = cells.map((code) => ({code, cell: analyzeCell(code)}));
  const imports = new Map<string, string>([
    ["tf", `import * as tf from "@tensorflow/tfjs";`],
    ["mobilenet", `import * as mobilenet from "@tensorflow-models/mobilenet";`]
  ]);
  const body: string[] = [];
  const cleanups: string[] = [];
  let needsDisplay = false;
  parsed.forEach(({code, cell}, index) => {
    for (const declaration of cell.imports) {
      const source = PUBLISHED[declaration.source] ?? declaration.source;
      const named = Object.entries(declaration.names).map(([local, imported]) =>
        imported === local ? local : `${imported} as ${local}`
      );
      if (declaration.namespace && !imports.has(declaration.namespace))
        imports.set(declaration.namespace, `import * as ${declaration.namespace} from "${source}";`);
      if (named.length) imports.set(named.join(), `import {${named.join(", ")}} from "${source}";`);
    }
    const removed = [...cell.imports, ...cell.cleanups];
    const stripped = removeStatements(code, removed).trim();
    cleanups.push(...cell.cleanups.map((cleanup) => cleanup.code));
    needsDisplay ||= cell.reads.includes("display");
    body.push(`// Cell ${index + 1}`);
    if (cell.expression) {
      const [start, end] = cell.expressionRange!;
      const rest = code.slice(end).trim();
      body.push(
        `show(${JSON.stringify(shortLabel(code.slice(start, end)))}, ${code.slice(start, end)});${rest ? ` ${rest}` : ""}`
      );
    } else if (stripped) {
      const templates = cell.multilineTemplates.map(([start, end]) => code.slice(start, end));
      body.push(keepTemplateLines(stripped, templates));
      const notShown = new Set([
        ...cell.definesCode,
        ...cell.imports.flatMap((i) => [i.namespace ?? "", ...Object.keys(i.names)])
      ]);
      for (const name of cell.defines) if (!notShown.has(name)) body.push(`show(${JSON.stringify(name)}, ${name});`);
    }
    body.push("");
  });
  if (cleanups.length) {
    body.push(
      "// The page frees these tensors each time the cell runs again; a script frees them once it is done with them:"
    );
    body.push(...cleanups);
  } else body.pop();

  const reads = new Set(parsed.flatMap(({cell}) => cell.reads));
  const defined = new Set(parsed.flatMap(({cell}) => cell.defines));
  const used = Object.entries(inputs).filter(([name]) => reads.has(name) && !defined.has(name));
  const models = used.filter(
    (entry): entry is [string, Extract<SnippetInput, {kind: "model"}>] => entry[1].kind === "model"
  );
  const modelUrlName = (name: string) => (models.length === 1 ? "modelUrl" : `${name}Url`);
  const parameters: string[] = [];
  const docs: string[] = [];
  const setup: string[] = [];
  for (const [name, input] of used) {
    if (input.kind === "parameter") {
      parameters.push(name);
      docs.push(` * ${name}: ${input.about}.`);
    } else if (input.kind === "import") {
      const what =
        input.imported === "default" ? name : `{${input.imported === name ? name : `${input.imported} as ${name}`}}`;
      imports.set(name, `import ${what} from "${input.source}";`);
    } else if (input.kind === "value") {
      setup.push(`const ${name} = ${input.json}; // the page's value when you copied this`);
    } else {
      const url = modelUrlName(name);
      parameters.push(url);
      docs.push(
        ` * ${url}: where MobileNet v${input.version} ${input.alpha}'s model.json is (a URL or a tfjs IOHandler); leave it out for the package's own copy.`
      );
      setup.push(
        `const ${name} = await mobilenet.load({version: ${input.version}, alpha: ${input.alpha}, modelUrl${url === "modelUrl" ? "" : `: ${url}`}${input.version === 1 ? ", inputRange: [0, 1]" : ""}});`
      );
    }
  }
  if (
    reads.has("invalidation") &&
    parsed.some(({code, cell}) => analyzeCell(removeStatements(code, cell.cleanups)).reads.includes("invalidation"))
  )
    setup.push(
      "const invalidation = new Promise(() => {}); // on the page: “this cell is about to run again”; a script runs once"
    );
  if (needsDisplay) setup.push('const display = (value) => show("display", value);');

  const lines = [
    `// ${title} (${page}): the lesson's teaching cells as one file, with the published packages.`,
    "// npm install @tensorflow/tfjs @tensorflow-models/mobilenet",
    ...imports.values(),
    "",
    "/**",
    " * Runs the page's cells in order and prints what each one makes.",
    ...docs,
    " */",
    `export async function run({${parameters.join(", ")}} = {}) {`,
    ...[...setup, ...(setup.length ? [""] : []), ...body].map((line) => (line ? indentLines(line) : "")),
    "}",
    "",
    "/** Prints a value as the lesson's page shows it: a tensor's dtype and shape, then its values as print() writes them. */",
    "function show(name, value) {",
    "  if (value instanceof tf.Tensor) {",
    '    console.log(`${name}: ${value.dtype} tensor, shape [${value.shape.join(", ")}]`);',
    "    value.print();",
    "  } else {",
    "    console.log(`${name}:`, value);",
    "  }",
    "}",
    ""
  ];
  return lines.join("\n");
}

/** `code` without the given statements; a line left with only white space or a comment goes too. */
function removeStatements(code: string, statements: readonly {start: number; end: number}[]): string {
  let result = code;
  for (const {start, end} of [...statements].sort((a, b) => b.start - a.start)) {
    const lineStart = result.lastIndexOf("\n", start - 1) + 1;
    const lineEndIndex = result.indexOf("\n", end);
    const lineEnd = lineEndIndex === -1 ? result.length : lineEndIndex;
    const before = result.slice(lineStart, start);
    const after = result.slice(end, lineEnd);
    const alone = before.trim() === "" && (after.trim() === "" || after.trim().startsWith("//"));
    result = alone
      ? result.slice(0, lineStart) + result.slice(lineEndIndex === -1 ? lineEnd : lineEnd + 1)
      : result.slice(0, start) + result.slice(end);
  }
  return result;
}

/** A one-line expression as the label of its value; a longer one as "value". */
function shortLabel(expression: string): string {
  const text = expression.trim();
  return text.includes("\n") || text.length > 60 ? "value" : text;
}

/** Marks the lines inside multi-line template literals, so that indenting (indentLines) leaves their text alone. */
const KEEP = "\u0000";

function keepTemplateLines(code: string, templates: readonly string[]): string {
  let marked = code;
  for (const template of templates) marked = marked.replace(template, template.replace(/\n/g, `\n${KEEP}`));
  return marked;
}

function indentLines(text: string): string {
  return text
    .split("\n")
    .map((line) => (line.startsWith(KEEP) ? line.slice(1) : line ? INDENT + line : line))
    .join("\n");
}
