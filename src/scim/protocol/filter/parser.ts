import type { AttrExpNode, AttrPath, FilterNode } from "./ast";
import { FilterError } from "./errors";
import { compValue, describe, isOperator } from "./grammar";
import { tokenize, type Token } from "./lexer";
import { checkName, parseAttrPath } from "./path";

/** Abuse guard: each '(' and '[' is one level; real clients use two or three. */
export const MAX_FILTER_DEPTH = 32;

/**
 * Parses a SCIM filter (RFC 7644 §3.4.2.2) into an AST. Precedence: not > and > or, left-assoc;
 * operators and keywords are case-insensitive. Throws FilterError with the offending position.
 */
export function parseFilter(text: string): FilterNode {
  const parser = new Parser(tokenize(text));
  if (parser.peek().kind === "eof") throw new FilterError("Filter is empty", 0);
  const node = parser.parseOr(false);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    // The eof token is always last, so clamping never returns undefined.
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === "word" && token.text.toLowerCase() === word;
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.kind === "eof") return;
    if (token.kind === ")") throw new FilterError("Unbalanced ')': no matching '('", token.pos);
    if (token.kind === "]") throw new FilterError("Unbalanced ']': no matching '['", token.pos);
    throw new FilterError(`Unexpected ${describe(token)}: expected 'and', 'or' or end of filter`, token.pos);
  }

  // Iterative loops make and/or left-associative and keep recursion bounded by nesting depth only.
  parseOr(inBrackets: boolean): FilterNode {
    let left = this.parseAnd(inBrackets);
    while (this.isWord("or")) {
      this.next();
      left = { kind: "or", left, right: this.parseAnd(inBrackets) };
    }
    return left;
  }

  private parseAnd(inBrackets: boolean): FilterNode {
    let left = this.parseUnary(inBrackets);
    while (this.isWord("and")) {
      this.next();
      left = { kind: "and", left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private parseUnary(inBrackets: boolean): FilterNode {
    const token = this.peek();
    if (this.isWord("not") && this.peek(1).kind === "(") {
      this.next();
      return { kind: "not", filter: this.parseGroup(inBrackets) };
    }
    if (token.kind === "(") return this.parseGroup(inBrackets);
    if (token.kind !== "word") {
      const what = token.kind === "eof" ? "Incomplete filter" : `Unexpected ${describe(token)}`;
      throw new FilterError(`${what}: expected an attribute name, '(' or 'not ('`, token.pos);
    }
    // "not" followed by anything but an operator is a missing '(' (RFC: not "(" valFilter ")").
    const after = this.peek(1);
    if (this.isWord("not") && !(after.kind === "word" && isOperator(after.text.toLowerCase()))) {
      throw new FilterError("Expected '(' after 'not'", after.pos);
    }
    this.next();
    const path = parseAttrPath(token.text, token.pos);
    if (this.peek().kind === "[") return this.parseValuePath(path, token, inBrackets);
    return this.parseAttrExp(path, token.text);
  }

  /** '(' orExpr ')', after an optional 'not' has been consumed. */
  private parseGroup(inBrackets: boolean): FilterNode {
    const open = this.next();
    this.enter(open);
    const inner = this.parseOr(inBrackets);
    const close = this.next();
    if (close.kind !== ")") {
      if (close.kind === "eof") throw new FilterError("Missing ')' to close '('", open.pos);
      throw new FilterError(`Unexpected ${describe(close)}: expected ')', 'and' or 'or'`, close.pos);
    }
    this.depth -= 1;
    return inner;
  }

  private parseValuePath(path: AttrPath, name: Token & { kind: "word" }, inBrackets: boolean): FilterNode {
    const open = this.next();
    if (inBrackets) throw new FilterError("Value filters '[...]' cannot be nested", open.pos);
    if (path.subAttribute !== undefined) {
      throw new FilterError(
        `A value filter '[...]' must follow a multi-valued attribute, not '${name.text}'`,
        open.pos,
      );
    }
    this.enter(open);
    const filter = this.parseOr(true);
    const close = this.next();
    if (close.kind !== "]") {
      if (close.kind === "eof") throw new FilterError("Missing ']' to close '['", open.pos);
      throw new FilterError(`Unexpected ${describe(close)}: expected ']', 'and' or 'or'`, close.pos);
    }
    this.depth -= 1;
    const dot = this.peek();
    if (dot.kind !== "." || dot.pos !== close.pos + 1) return { kind: "valuePath", path, filter };
    // Entra's `emails[type eq "work"].value eq "x"`: a sub-attribute of the same element, no spaces.
    this.next();
    const sub = this.next();
    if (sub.kind !== "word" || sub.pos !== dot.pos + 1) {
      throw new FilterError("Expected a sub-attribute name right after '].'", sub.pos);
    }
    checkName(sub.text, sub.text, sub.pos);
    const subExp = this.parseAttrExp({ attribute: sub.text }, `${name.text}[...].${sub.text}`);
    return { kind: "valuePath", path, filter, subExp };
  }

  private parseAttrExp(path: AttrPath, name: string): AttrExpNode {
    const opToken = this.next();
    if (opToken.kind !== "word") {
      throw new FilterError(`Expected an operator after '${name}', found ${describe(opToken)}`, opToken.pos);
    }
    const op = opToken.text.toLowerCase();
    if (!isOperator(op)) {
      throw new FilterError(
        `Unknown operator '${opToken.text}' (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr)`,
        opToken.pos,
      );
    }
    if (op === "pr") return { kind: "present", path };
    return { kind: "compare", path, op, value: compValue(this.next(), opToken.text) };
  }

  private enter(open: Token): void {
    this.depth += 1;
    if (this.depth > MAX_FILTER_DEPTH) {
      throw new FilterError(
        `Filter is nested too deeply (max ${MAX_FILTER_DEPTH} levels of '(' and '[')`,
        open.pos,
      );
    }
  }
}
