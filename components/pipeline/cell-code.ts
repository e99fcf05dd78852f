// What a teaching cell's code reads and defines, found by parsing it as Framework does (acorn): the names the in-place
// editor fetches from the page, the body the code runner runs, and the pieces "Copy the code" puts in a file.
import {parse, parseExpressionAt, tokenizer} from "acorn";
import type {AnyNode, Expression, ImportDeclaration, Node, Options, Pattern, Statement} from "acorn";
import {ancestor} from "acorn-walk";

const PARSE_OPTIONS: Options = {
  ecmaVersion: "latest",
  sourceType: "module",
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: true,
  locations: true
};

/** An import a cell declares, as `import * as tf from "@tensorflow/tfjs"` or `import {load} from "…"` says it. */
export interface CellImport {
  source: string;
  /** The whole module as one name (`* as tf`), or undefined. */
  namespace?: string;
  /** Named imports, local name → exported name (`default` for a default import). */
  names: Record<string, string>;
  start: number;
  end: number;
}

/** A statement `invalidation.then(() => x.dispose())`: what runs when the page runs the cell again. */
export interface CellCleanup {
  /** The code run on invalidation, as statements: `x.dispose();`. */
  code: string;
  start: number;
  end: number;
}

export interface CellCode {
  /** Names the code reads without defining them, in order of first use (globals such as Math included). */
  reads: string[];
  /** Names the code defines at its top level: a Framework cell's outputs. */
  defines: string[];
  /** Those of them that name functions or classes (a function declaration, say), not values to show. */
  definesCode: string[];
  /** An expression cell (`IMAGENET_CLASSES.length`): Framework shows its value. */
  expression: boolean;
  imports: CellImport[];
  cleanups: CellCleanup[];
  /** Where the expression of an expression cell starts and ends in the code (comments may follow it). */
  expressionRange?: [number, number];
  /** Template literals that span lines: re-indenting a line inside one would change the string. */
  multilineTemplates: [number, number][];
}

/**
 * Parses a cell the way Framework does: as one expression if the whole cell is one, else as a program. Throws acorn's
 * SyntaxError (with `loc`, the line and column) for code that does not parse.
 */
export function analyzeCell(code: string): CellCode {
  const expression = parseWholeExpression(code);
  const program = expression ?? parse(code, PARSE_OPTIONS);
  const body: (Statement | ImportDeclaration | Node)[] = program.type === "Program" ? program.body : [];
  const statements = body as AnyNode[];
  const multilineTemplates: [number, number][] = [];
  ancestor(program, {
    TemplateLiteral(node) {
      if (code.slice(node.start, node.end).includes("\n")) multilineTemplates.push([node.start, node.end]);
    }
  });
  return {
    reads: freeNames(program),
    defines: statements.flatMap(declaredNames),
    definesCode: statements.flatMap((node) =>
      (node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && node.id ? [node.id.name] : []
    ),
    expression: expression !== undefined,
    imports: statements.flatMap((node) => (node.type === "ImportDeclaration" ? [toImport(node)] : [])),
    cleanups: statements.flatMap((node) => {
      const cleanup = cleanupCode(node, code);
      return cleanup === undefined ? [] : [{code: cleanup, start: node.start, end: node.end}];
    }),
    expressionRange: expression ? [expression.start, expression.end] : undefined,
    multilineTemplates
  };
}

function parseWholeExpression(code: string): Expression | undefined {
  let node: Expression;
  try {
    node = parseExpressionAt(code, 0, PARSE_OPTIONS);
  } catch {
    return undefined;
  }
  // Only comments and white space may follow (the tokenizer skips them); anything else makes the cell a program.
  const rest = tokenizer(code.slice(node.end), PARSE_OPTIONS).getToken();
  if (rest.type.label !== "eof") return undefined;
  // A named function or class is a declaration, as Framework reads it: the cell defines that name.
  if ((node.type === "FunctionExpression" || node.type === "ClassExpression") && node.id) return undefined;
  return node;
}

function declaredNames(node: AnyNode): string[] {
  switch (node.type) {
    case "VariableDeclaration":
      return node.declarations.flatMap((declaration) => patternNames(declaration.id));
    case "FunctionDeclaration":
    case "ClassDeclaration":
      return node.id ? [node.id.name] : [];
    case "ImportDeclaration":
      return node.specifiers.map((specifier) => specifier.local.name);
    default:
      return [];
  }
}

function patternNames(node: Pattern): string[] {
  switch (node.type) {
    case "Identifier":
      return [node.name];
    case "ObjectPattern":
      return node.properties.flatMap((property) =>
        patternNames(property.type === "Property" ? property.value : property)
      );
    case "ArrayPattern":
      return node.elements.flatMap((element) => (element ? patternNames(element) : []));
    case "RestElement":
      return patternNames(node.argument);
    case "AssignmentPattern":
      return patternNames(node.left);
    default:
      return [];
  }
}

function toImport(node: ImportDeclaration): CellImport {
  const result: CellImport = {source: String(node.source.value), names: {}, start: node.start, end: node.end};
  for (const specifier of node.specifiers) {
    const local = specifier.local.name;
    if (specifier.type === "ImportNamespaceSpecifier") result.namespace = local;
    else if (specifier.type === "ImportDefaultSpecifier") result.names[local] = "default";
    else {
      const imported = specifier.imported;
      result.names[local] = imported.type === "Identifier" ? imported.name : String(imported.value);
    }
  }
  return result;
}

/** `invalidation.then(() => …)` as a statement: the callback's code; undefined for any other statement. */
function cleanupCode(node: AnyNode, code: string): string | undefined {
  if (node.type !== "ExpressionStatement" || node.expression.type !== "CallExpression") return undefined;
  const {callee, arguments: args} = node.expression;
  if (callee.type !== "MemberExpression" || callee.object.type !== "Identifier") return undefined;
  if (callee.object.name !== "invalidation" || callee.property.type !== "Identifier") return undefined;
  if (callee.property.name !== "then" || args.length !== 1) return undefined;
  const callback = args[0]!;
  if (callback.type !== "ArrowFunctionExpression" || callback.params.length) return undefined;
  const body = callback.body;
  if (body.type === "BlockStatement") return code.slice(body.start + 1, body.end - 1).trim();
  return `${code.slice(body.start, body.end)};`;
}

// ---------------------------------------------------------------------------------------------------------------
// Free names: identifiers read but declared in no enclosing scope (as Framework's findReferences finds a cell's inputs).

const isScope = (node: AnyNode) =>
  node.type === "FunctionExpression" ||
  node.type === "FunctionDeclaration" ||
  node.type === "ArrowFunctionExpression" ||
  node.type === "Program";
const isBlockScope = (node: AnyNode) =>
  isScope(node) ||
  node.type === "BlockStatement" ||
  node.type === "SwitchStatement" ||
  node.type === "ForInStatement" ||
  node.type === "ForOfStatement" ||
  node.type === "ForStatement";

function freeNames(root: Node): string[] {
  const locals = new Map<Node, Set<string>>();
  const declare = (scope: Node, name: string) => {
    const names = locals.get(scope);
    if (names) names.add(name);
    else locals.set(scope, new Set([name]));
  };
  const declarePattern = (pattern: Pattern, scope: Node) => {
    for (const name of patternNames(pattern)) declare(scope, name);
  };
  /** The innermost ancestor passing `test`, from the parent of the node up (ancestors end with the node itself). */
  const enclosing = (ancestors: AnyNode[], test: (node: AnyNode) => boolean): Node => {
    for (let i = ancestors.length - 2; i >= 0; i--) if (test(ancestors[i]!)) return ancestors[i]!;
    return root;
  };
  const declareFunction = (node: Extract<AnyNode, {params: Pattern[]}>) => {
    for (const param of node.params) declarePattern(param, node);
    if (node.type === "FunctionExpression" && node.id) declare(node, node.id.name);
    if (node.type !== "ArrowFunctionExpression") declare(node, "arguments");
  };
  ancestor(root, {
    VariableDeclaration(node, _state, ancestors) {
      const scope = enclosing(ancestors, node.kind === "var" ? isScope : isBlockScope);
      for (const declarator of node.declarations) declarePattern(declarator.id, scope);
    },
    FunctionDeclaration(node, _state, ancestors) {
      if (node.id) declare(enclosing(ancestors, isBlockScope), node.id.name);
      declareFunction(node);
    },
    FunctionExpression: declareFunction,
    ArrowFunctionExpression: declareFunction,
    ClassDeclaration(node, _state, ancestors) {
      if (node.id) declare(enclosing(ancestors, isBlockScope), node.id.name);
    },
    ClassExpression(node) {
      if (node.id) declare(node, node.id.name);
    },
    CatchClause(node) {
      if (node.param) declarePattern(node.param, node);
    },
    ImportDeclaration(node) {
      for (const specifier of node.specifiers) declare(root, specifier.local.name);
    }
  });
  const reads: string[] = [];
  const reference = (node: AnyNode, ancestors: AnyNode[]) => {
    if (node.type !== "Identifier" || node.name === "undefined" || reads.includes(node.name)) return;
    for (let i = ancestors.length - 2; i >= 0; i--) if (locals.get(ancestors[i]!)?.has(node.name)) return;
    reads.push(node.name);
  };
  ancestor(root, {Pattern: reference, Identifier: reference});
  return reads;
}

// ---------------------------------------------------------------------------------------------------------------

const CELL_OUTPUTS_KEY = "lesson.cellOutputs";
/** The key under which runnableBody's code returns the names a cell defines. */
export const CELL_OUTPUTS = Symbol.for(CELL_OUTPUTS_KEY);

/**
 * The cell as the body of an async function that returns what the cell shows: its value for an expression cell, else
 * an object of the names it defines. Line n of the cell is line n + `lineOffset` of the body, so that errors can name
 * the reader's line. `importFrom(source)` names the value that stands in for an imported module (undefined: none).
 */
export function runnableBody(
  code: string,
  cell: CellCode,
  importFrom: (source: string) => string | undefined
): {body: string; lineOffset: number} {
  if (cell.expression) return {body: `return (\n${code}\n);`, lineOffset: 1};
  let body = code;
  // An import can't stand in a function body: each becomes a declaration on the same lines, read from the runner.
  for (const declaration of [...cell.imports].sort((a, b) => b.start - a.start)) {
    const module = importFrom(declaration.source);
    const binding = module
      ? importBinding(declaration, module)
      : `throw new Error(${JSON.stringify(`Only @tensorflow/tfjs and @tensorflow-models/mobilenet can be imported here, not “${declaration.source}”.`)});`;
    const lines = body.slice(declaration.start, declaration.end).split("\n").length;
    body = body.slice(0, declaration.start) + binding + "\n".repeat(lines - 1) + body.slice(declaration.end);
  }
  const importedNames = new Set(
    cell.imports.flatMap((i) => [...(i.namespace ? [i.namespace] : []), ...Object.keys(i.names)])
  );
  const outputs = cell.defines.filter((name) => !importedNames.has(name));
  return {body: `${body}\nreturn {[Symbol.for("${CELL_OUTPUTS_KEY}")]: {${outputs.join(", ")}}};`, lineOffset: 0};
}

function importBinding(declaration: CellImport, module: string): string {
  const parts: string[] = [];
  if (declaration.namespace) parts.push(`const ${declaration.namespace} = ${module};`);
  const named = Object.entries(declaration.names).map(([local, imported]) =>
    imported === local ? local : `${JSON.stringify(imported)}: ${local}`
  );
  if (named.length) parts.push(`const {${named.join(", ")}} = ${module};`);
  return parts.join(" ");
}
