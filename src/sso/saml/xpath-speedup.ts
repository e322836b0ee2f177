import { dirname, join } from "node:path";

/**
 * A faster context copy for the `xpath` package, which node-saml and xml-crypto use to find the
 * signature, its references and the referenced element of every SAML response.
 *
 * Why: for every node a path or predicate visits, xpath copies its evaluation context with
 * `assign(new XPathContext(), c)`: a `for…in` copy into a context whose constructor also built a
 * fresh FunctionResolver of 27 functions, only to overwrite it. That copying was half of the
 * XPath time, and XPath about half of node-saml's cost per response (bench/sso, docs/PERFORMANCE.md).
 *
 * What: the two places that copy (`PathExpr.prototype.evaluate` and `XPathContext.prototype.extend`)
 * are replaced by the same code with a fixed-shape copy of the eight fields such a context has.
 * Only a context with exactly those eight own fields (and, for `extend`, no new ones) takes the
 * fast copy; anything else goes through the library's own code. The result is the same object
 * graph, so every query answers the same (test/unit/sso/xpath-speedup.test.ts compares the
 * patched and the unpatched library on SAML documents, attacks included). Versions other than the
 * ones checked here are left alone.
 */

const FIELDS = [
  "variableResolver",
  "namespaceResolver",
  "functionResolver",
  "expressionContextNode",
  "caseInsensitive",
  "contextNode",
  "contextSize",
  "contextPosition",
] as const;
type Field = (typeof FIELDS)[number];
const FIELD_SET: ReadonlySet<string> = new Set(FIELDS);
type Context = Record<Field, unknown> & { extend(props: object): Context };

/** The versions whose `evaluate` and `extend` are the code reproduced below. */
const KNOWN_VERSIONS = new Set(["0.0.32", "0.0.33", "0.0.34"]);
const PATCHED = Symbol.for("admit.xpathSpeedup");

interface XpathModule {
  XPathContext: { new (): Context; prototype: Context };
  XNodeSet: new () => { addArray(nodes: unknown[]): void };
  PathExpr: {
    prototype: {
      evaluate(c: Context): unknown;
      applyFilter(c: Context, xpc: Context): { nonNodes?: unknown; nodes?: unknown[] };
      locationPath: unknown;
    };
    applyLocationPath(path: unknown, xpc: Context, nodes: unknown): unknown[];
  };
  [PATCHED]?: true;
}

/** Patches one loaded copy of `xpath`; false when it is not a version this knows. */
export function speedUpXpath(xpath: XpathModule, version: string): boolean {
  if (xpath[PATCHED]) return true;
  const { XPathContext, XNodeSet, PathExpr } = xpath;
  if (
    !KNOWN_VERSIONS.has(version) ||
    typeof XPathContext?.prototype?.extend !== "function" ||
    typeof PathExpr?.prototype?.evaluate !== "function" ||
    typeof PathExpr.prototype.applyFilter !== "function" ||
    typeof PathExpr.applyLocationPath !== "function" ||
    typeof XNodeSet !== "function"
  )
    return false;

  // Same prototype chain as `new XPathContext()`: every method and `instanceof` behave the same.
  function FastContext(this: Context, c: Context) {
    this.variableResolver = c.variableResolver;
    this.namespaceResolver = c.namespaceResolver;
    this.functionResolver = c.functionResolver;
    this.expressionContextNode = c.expressionContextNode;
    this.caseInsensitive = c.caseInsensitive;
    this.contextNode = c.contextNode;
    this.contextSize = c.contextSize;
    this.contextPosition = c.contextPosition;
  }
  FastContext.prototype = Object.create(XPathContext.prototype) as object;
  const Fast = FastContext as unknown as new (c: Context) => Context;

  // Exactly the eight fields, all own and enumerable: what `assign` would copy, nothing more.
  const hasExactlyTheFields = (c: object): boolean => {
    const keys = Object.keys(c);
    return keys.length === FIELDS.length && keys.every((k) => FIELD_SET.has(k));
  };

  const originalExtend = XPathContext.prototype.extend;
  XPathContext.prototype.extend = function extend(this: Context, newProps: object) {
    if (newProps && Object.keys(newProps).length === 0 && hasExactlyTheFields(this)) return new Fast(this);
    return originalExtend.call(this, newProps);
  };

  const originalEvaluate = PathExpr.prototype.evaluate;
  PathExpr.prototype.evaluate = function evaluate(this: typeof PathExpr.prototype, c: Context) {
    if (!hasExactlyTheFields(c)) return originalEvaluate.call(this, c);
    const xpc = new Fast(c);
    const filterResult = this.applyFilter(c, xpc);
    if ("nonNodes" in filterResult) return filterResult.nonNodes;
    const ns = new XNodeSet();
    ns.addArray(PathExpr.applyLocationPath(this.locationPath, xpc, filterResult.nodes));
    return ns;
  };
  xpath[PATCHED] = true;
  return true;
}

/**
 * The copies of `xpath` that SAML validation loads: node-saml's and xml-crypto's own (they pin
 * different versions), found the way their own `require("xpath")` finds them. Returns the paths of
 * the copies patched.
 */
export function installXpathSpeedup(): string[] {
  const patched = new Set<string>();
  for (const owner of ["@node-saml/node-saml", "xml-crypto"]) {
    try {
      const path = require.resolve("xpath", { paths: [dirname(require.resolve(owner))] });
      // Plain require, not createRequire: the copy patched must be the one the libraries get,
      // also inside a test runner's own module registry.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { version } = require(join(dirname(path), "package.json")) as { version: string };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      if (speedUpXpath(require(path) as XpathModule, version)) patched.add(path);
    } catch {
      // Not installed this way: validation still works, only slower.
    }
  }
  return [...patched];
}
