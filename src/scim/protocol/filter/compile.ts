import type { AttrExpNode, AttrPath, FilterNode, ValuePathNode } from "./ast";
import { compileAttrExp, presentSql } from "./compare";
import { FilterError } from "./errors";
import type {
  ColumnTarget,
  CompiledFilter,
  CompileOptions,
  Dialect,
  MultiValuedTarget,
  Resolver,
  ResolverPath,
} from "./targets";

/**
 * Compiles a filter AST into a parameterized WHERE fragment that runs on SQLite and MySQL.
 *
 * Three-valued logic: SQL yields NULL when a column is NULL; and/or already treat NULL like false
 * the way SCIM wants, but NOT NULL is NULL, so `not (title eq "x")` would drop users with no title.
 * Every `not` therefore compiles to `NOT COALESCE(<expr>, 0)`: NULL never leaks out of a filter.
 *
 * Multi-valued attributes follow RFC 7644 §3.4.2.2 "matches if any of the values match": each test
 * becomes `EXISTS (…)` over the elements (so `emails.value ne "x"` needs an element that differs).
 */
export function compileFilter(
  ast: FilterNode,
  resolver: Resolver,
  opts: CompileOptions = { dialect: "sqlite" },
): CompiledFilter {
  const params: unknown[] = [];
  const sql = new Compiler(resolver, opts.dialect, params).node(ast, null);
  return { sql, params };
}

/** The multi-valued attribute whose elements the paths inside `[...]` are relative to. */
interface Element {
  target: MultiValuedTarget;
  name: string;
}

const pathText = (p: AttrPath): string =>
  [p.schema ? `${p.schema}:` : "", p.attribute, p.subAttribute ? `.${p.subAttribute}` : ""].join("");

function lowered(p: AttrPath): ResolverPath {
  const out: ResolverPath = { attribute: p.attribute.toLowerCase() };
  if (p.schema !== undefined) out.schema = p.schema.toLowerCase();
  if (p.subAttribute !== undefined) out.subAttribute = p.subAttribute.toLowerCase();
  return out;
}

class Compiler {
  constructor(
    private readonly resolver: Resolver,
    private readonly dialect: Dialect,
    private readonly params: unknown[],
  ) {}

  node(node: FilterNode, element: Element | null): string {
    switch (node.kind) {
      case "and":
      case "or": {
        const left = this.node(node.left, element);
        const right = this.node(node.right, element);
        return `(${left} ${node.kind.toUpperCase()} ${right})`;
      }
      case "not":
        return `NOT COALESCE(${this.node(node.filter, element)}, 0)`;
      case "valuePath":
        return this.valuePath(node, element);
      default:
        if (!element) return this.attrExp(node);
        return this.leaf(this.subOf(element, node.path), node, `${element.name}.${node.path.attribute}`);
    }
  }

  private attrExp(node: AttrExpNode): string {
    const target = this.resolve(node.path);
    if (target.kind === "column") return this.leaf(target, node, pathText(node.path));
    // `emails eq "x"`, `emails.type eq "work"`, `emails pr`: some element must pass the test.
    const element: Element = { target, name: pathText({ ...node.path, subAttribute: undefined }) };
    const subName = node.path.subAttribute ?? target.defaultSub;
    const sub = this.subOf(element, { attribute: subName });
    if (node.kind === "compare" && node.value === null && node.op === "eq") {
      // `emails eq null` means "has no email", not "has an email element without a value".
      return `NOT ${target.exists(presentSql(sub))}`;
    }
    return target.exists(this.leaf(sub, node, `${element.name}.${subName}`));
  }

  private valuePath(node: ValuePathNode, element: Element | null): string {
    const name = pathText(node.path);
    // The parser already refuses nested brackets; this guards hand-built ASTs.
    if (element) {
      throw new FilterError(`Value filter on '${name}' cannot be nested inside '${element.name}[...]'`);
    }
    const target = this.resolve(node.path);
    if (target.kind !== "multi") throw new FilterError(`'${name}[...]' needs a multi-valued attribute`);
    const inner: Element = { target, name };
    const filter = this.node(node.filter, inner);
    if (!node.subExp) return target.exists(filter);
    // Entra's `emails[type eq "work"].value eq "x"`: both tests on the SAME element, one EXISTS.
    const sub = this.subOf(inner, node.subExp.path);
    const test = this.leaf(sub, node.subExp, `${name}.${node.subExp.path.attribute}`);
    return target.exists(`(${filter} AND ${test})`);
  }

  /** `name` only labels error messages: `userName`, `emails.type`. */
  private leaf(target: ColumnTarget, node: AttrExpNode, name: string): string {
    return compileAttrExp(target, node, name, this.dialect, this.params);
  }

  private resolve(path: AttrPath): ColumnTarget | MultiValuedTarget {
    const target = this.resolver(lowered(path));
    if (!target) throw new FilterError(`Unknown or unfilterable attribute '${pathText(path)}'`);
    return target;
  }

  private subOf(element: Element, path: AttrPath): ColumnTarget {
    if (path.schema !== undefined || path.subAttribute !== undefined) {
      throw new FilterError(
        `Inside '${element.name}[...]' use a plain sub-attribute name, not '${pathText(path)}'`,
      );
    }
    const sub = element.target.sub(path.attribute.toLowerCase());
    if (!sub) throw new FilterError(`Unknown sub-attribute '${path.attribute}' of '${element.name}'`);
    return sub;
  }
}
