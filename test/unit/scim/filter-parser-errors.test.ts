import { FilterError, parseFilter } from "../../../src/scim/protocol/filter";

function errorOf(filter: string): FilterError {
  try {
    parseFilter(filter);
  } catch (error) {
    if (error instanceof FilterError) return error;
    throw error;
  }
  throw new Error(`parsed without error: ${filter}`);
}

describe("parseFilter rejects bad input with a precise FilterError", () => {
  it.each<[string, RegExp, number]>([
    ["", /^Filter is empty/, 0],
    ["   ", /^Filter is empty/, 0],
    ["userName", /^Expected an operator after 'userName', found end of filter/, 8],
    ["userName eq", /^Missing value after 'eq', found end of filter/, 11],
    ["userName eq )", /^Missing value after 'eq', found '\)'/, 12],
    ['userName foo "x"', /^Unknown operator 'foo'/, 9],
    ['userName equals "x"', /^Unknown operator 'equals'/, 9],
    ['userName eq "x', /^Unterminated string/, 12],
    ['userName eq "x\\"', /^Unterminated string/, 12],
    ['(userName eq "x"', /^Missing '\)' to close '\('/, 0],
    ["((a eq 1) or (b eq 2)", /^Missing '\)' to close '\('/, 0],
    ['userName eq "x")', /^Unbalanced '\)'/, 15],
    ['userName eq "x" foo', /^Unexpected 'foo': expected 'and', 'or' or end of filter/, 16],
    ['userName eq "x" "y"', /^Unexpected string "y"/, 16],
    ['userName eq "x" and', /^Incomplete filter: expected an attribute name/, 19],
    ['userName eq "x" or ()', /^Unexpected '\)': expected an attribute name/, 20],
    ["()", /^Unexpected '\)'/, 1],
    ["userName eq bob", /^Unquoted value 'bob' after 'eq': strings must be in double quotes/, 12],
    ["userName eq 'bob'", /^Strings must be in double quotes/, 12],
    ['not userName eq "x"', /^Expected '\(' after 'not'/, 4],
    ["not", /^Expected '\(' after 'not'/, 3],
    ['emails[type eq "work"', /^Missing '\]' to close '\['/, 6],
    ['emails[type eq "work")', /^Unexpected '\)': expected '\]'/, 21],
    ['emails[type eq "work"]]', /^Unbalanced '\]'/, 22],
    ['emails[type eq "work" and ims[type eq "x"]]', /^Value filters '\[...\]' cannot be nested/, 29],
    ['emails.value[type eq "work"]', /^A value filter '\[...\]' must follow a multi-valued attribute/, 12],
    ['emails[type eq "work"].', /^Expected a sub-attribute name right after '\]\.'/, 23],
    ['emails[type eq "work"]. value eq "x"', /^Expected a sub-attribute name right after '\]\.'/, 24],
    ['emails[type eq "work"] .value eq "x"', /^Unexpected '\.'/, 23],
    ['emails[type eq "work"].value', /^Expected an operator after 'emails\[\.\.\.\]\.value'/, 28],
    ['emails[type eq "work"].value eq', /^Missing value after 'eq'/, 31],
    ['emails[type eq "work"].value.x eq 1', /Invalid attribute path 'value.x'/, 23],
    ['[type eq "work"]', /^Unexpected '\[': expected an attribute name/, 0],
    ['userName eq "a\\x"', /^Invalid escape '\\x' in string/, 14],
    ['userName eq "\\u12"', /^Invalid unicode escape in string/, 13],
    ["loginCount eq 01", /^Invalid number '01'/, 14],
    ["loginCount eq 1.", /^Invalid number '1\.'/, 14],
    ["loginCount eq .5", /^Missing value after 'eq', found '\.'/, 14],
    ["loginCount eq 12abc", /^Invalid number '12abc'/, 14],
    ["loginCount eq 1e", /^Invalid number '1e'/, 14],
    ["loginCount eq -", /^Invalid number '-'/, 14],
    ["loginCount eq 1e999", /^Number out of range/, 14],
    ["a..b eq 1", /^Invalid attribute path 'a\.\.b': only one '\.'/, 0],
    ["name. eq 1", /^Invalid attribute path 'name\.': an empty name is not an attribute name/, 5],
    ["name.givenName.x eq 1", /only one '\.' \(attribute\.subAttribute\) is allowed/, 0],
    ["foo:bar eq 1", /a schema prefix must be a 'urn:' URN/, 0],
    [`urn:ietf:params:scim:schemas:core:2.0:User: eq 1`, /^Missing attribute name after schema URN/, 43],
    ["urn:ietf:params:scim:schemas:core:2.0 eq 1", /'2' is not an attribute name/, 34],
    ['userName eq "x" # 1', /^Unexpected character '#'/, 16],
    ['userName pr "x"', /^Unexpected string "x": expected 'and', 'or'/, 12],
    ["1 eq 1", /^Unexpected number 1: expected an attribute name/, 0],
    ['"a" eq "b"', /^Unexpected string "a": expected an attribute name/, 0],
  ])("%j", (filter, message, position) => {
    const error = errorOf(filter);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe("FilterError");
    expect(error.message).toMatch(message);
    expect(error.position).toBe(position);
  });

  it("rejects a filter longer than 4096 characters before lexing it", () => {
    const error = errorOf(`userName eq "${"x".repeat(4096)}"`);
    expect(error.message).toMatch(/^Filter is too long \(4110 characters, max 4096\)/);
    expect(error.position).toBe(0);
  });

  it("rejects more than 32 levels of nesting at the 33rd opening", () => {
    const error = errorOf(`${"(".repeat(33)}a eq 1${")".repeat(33)}`);
    expect(error.message).toMatch(/^Filter is nested too deeply \(max 32 levels/);
    expect(error.position).toBe(32);
  });

  it("counts 'not (' and '[' toward the depth limit", () => {
    const deep = `${"not (".repeat(32)}emails[type eq "x"]${")".repeat(32)}`;
    expect(errorOf(deep).message).toMatch(/nested too deeply/);
  });

  it("survives a pathological 4,000 '(' without a stack overflow", () => {
    expect(errorOf("(".repeat(4000)).message).toMatch(/nested too deeply/);
  });
});
