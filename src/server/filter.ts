/**
 * Parser for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2): text → AST. Evaluation lives in
 * filter-eval.ts. Grammar notes: keywords and operators are case-insensitive (ABNF literals are), `and`
 * binds tighter than `or`, and `attr[filter].sub op value` (what Entra sends for `emails[type eq "work"]
 * .value eq "…"`) is read as "some element satisfies both the bracket filter and the trailing comparison".
 */
import { ScimError } from './errors.ts';
import { parseAttrPath, type AttrPath } from './paths.ts';

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type Literal = string | number | boolean | null;

export type Filter =
  /** `raw` keeps the source text of an unquoted value so `externalId eq 123` can still match the string "123". */
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: Literal; raw?: string }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and' | 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /** `path[filter]`: some element of the multi-valued attribute `path` matches `filter` (paths relative to it). */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter };

/** A PATCH target: `attr`, `attr.sub`, `attr[filter]` or `attr[filter].sub`, optionally URN-qualified. */
export interface PatchPath {
  path: AttrPath;
  filter?: Filter;
}

const COMPARE_OPS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

type Token =
  | { kind: '(' | ')' | '[' | ']'; pos: number }
  | { kind: 'string'; value: string; pos: number }
  | { kind: 'word'; value: string; pos: number };

function tokenize(text: string, fail: (detail: string) => never): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === '(' || ch === ')' || ch === '[' || ch === ']') {
      tokens.push({ kind: ch, pos: i++ });
    } else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      if (j >= text.length) fail(`unterminated string starting at position ${i}`);
      let value: unknown;
      try {
        value = JSON.parse(text.slice(i, j + 1)); // RFC 7644 compValue strings are JSON strings (RFC 7159)
      } catch {
        fail(`invalid string literal at position ${i}`);
      }
      tokens.push({ kind: 'string', value: value as string, pos: i });
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s()[\]"]/.test(text[j] as string)) j++;
      tokens.push({ kind: 'word', value: text.slice(i, j), pos: i });
      i = j;
    }
  }
  return tokens;
}

class Parser {
  private index = 0;
  private readonly tokens: Token[];

  constructor(
    private readonly text: string,
    private readonly scimType: 'invalidFilter' | 'invalidPath',
  ) {
    this.tokens = tokenize(text, (detail) => this.fail(detail));
  }

  fail(detail: string): never {
    const what = this.scimType === 'invalidFilter' ? 'filter' : 'path';
    throw new ScimError(400, `Invalid ${what} ${JSON.stringify(this.text)}: ${detail}.`, this.scimType);
  }

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private next(): Token | undefined {
    return this.tokens[this.index++];
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.kind === 'word' && token.value.toLowerCase() === word;
  }

  private expect(kind: ')' | ']'): void {
    const token = this.next();
    if (token?.kind !== kind) this.fail(`expected "${kind}" ${token === undefined ? 'at end' : `at position ${token.pos}`}`);
  }

  expectEnd(): void {
    const token = this.peek();
    if (token !== undefined) this.fail(`unexpected input at position ${token.pos}`);
  }

  parseOr(inBrackets: boolean): Filter {
    let left = this.parseAnd(inBrackets);
    while (this.isWord(this.peek(), 'or')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd(inBrackets) };
    }
    return left;
  }

  private parseAnd(inBrackets: boolean): Filter {
    let left = this.parseUnary(inBrackets);
    while (this.isWord(this.peek(), 'and')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private parseUnary(inBrackets: boolean): Filter {
    const token = this.peek();
    if (token === undefined) this.fail('unexpected end of input');
    if (this.isWord(token, 'not') && this.tokens[this.index + 1]?.kind === '(') {
      this.index += 2;
      const filter = this.parseOr(inBrackets);
      this.expect(')');
      return { kind: 'not', filter };
    }
    if (token.kind === '(') {
      this.next();
      const filter = this.parseOr(inBrackets);
      this.expect(')');
      return filter;
    }
    return this.parseAttributeExpression(inBrackets);
  }

  private parseAttributeExpression(inBrackets: boolean): Filter {
    const path = this.parsePath();
    if (this.peek()?.kind !== '[') return this.parseCondition(path);
    if (inBrackets) this.fail('value filters cannot be nested');
    if (path.sub !== undefined) this.fail('a value filter applies to an attribute, not to a sub-attribute');
    const inner = this.parseBracket();
    const sub = this.parseTrailingSubAttribute();
    if (sub === undefined) return { kind: 'valuePath', path, filter: inner };
    return { kind: 'valuePath', path, filter: { kind: 'and', left: inner, right: this.parseCondition({ attr: sub }) } };
  }

  private parseBracket(): Filter {
    this.next(); // '['
    const inner = this.parseOr(true);
    this.expect(']');
    return inner;
  }

  /** `].value`: the tokenizer hands the sub-attribute over as a word starting with a dot. */
  private parseTrailingSubAttribute(): string | undefined {
    const token = this.peek();
    if (token?.kind !== 'word' || !token.value.startsWith('.')) return undefined;
    this.next();
    const sub = parseAttrPath(token.value.slice(1));
    if (sub === undefined || sub.sub !== undefined || sub.urn !== undefined) this.fail(`invalid sub-attribute at position ${token.pos}`);
    return sub.attr;
  }

  parsePath(): AttrPath {
    const token = this.next();
    if (token?.kind !== 'word') this.fail(token === undefined ? 'expected an attribute path at end' : `expected an attribute path at position ${token.pos}`);
    const path = parseAttrPath(token.value);
    if (path === undefined) this.fail(`invalid attribute path ${JSON.stringify(token.value)}`);
    return path;
  }

  private parseCondition(path: AttrPath): Filter {
    const opToken = this.next();
    const op = opToken?.kind === 'word' ? opToken.value.toLowerCase() : '';
    if (op === 'pr') return { kind: 'present', path };
    if (!COMPARE_OPS.has(op)) this.fail(opToken === undefined ? 'expected an operator at end' : `expected an operator at position ${opToken.pos}`);
    const valueToken = this.next();
    if (valueToken?.kind === 'string') return { kind: 'compare', path, op: op as CompareOp, value: valueToken.value };
    if (valueToken?.kind !== 'word') this.fail('expected a comparison value');
    const word = valueToken.value;
    const keyword = word.toLowerCase();
    if (keyword === 'true' || keyword === 'false') return { kind: 'compare', path, op: op as CompareOp, value: keyword === 'true' };
    if (keyword === 'null') return { kind: 'compare', path, op: op as CompareOp, value: null };
    if (NUMBER.test(word)) return { kind: 'compare', path, op: op as CompareOp, value: Number(word), raw: word };
    // Not RFC grammar: Microsoft documents `filter=externalId eq jyoung`; an unquoted word is read as a string.
    return { kind: 'compare', path, op: op as CompareOp, value: word, raw: word };
  }

  parsePatchPath(): PatchPath {
    const path = this.parsePath();
    if (this.peek()?.kind !== '[') {
      this.expectEnd();
      return { path };
    }
    if (path.sub !== undefined) this.fail('a value filter applies to an attribute, not to a sub-attribute');
    const filter = this.parseBracket();
    const sub = this.parseTrailingSubAttribute();
    this.expectEnd();
    return { path: sub === undefined ? path : { ...path, sub }, filter };
  }
}

/** Parses a filter; throws a 400 `invalidFilter` ScimError when the text is not a filter. */
export function parseFilter(text: string): Filter {
  const parser = new Parser(text, 'invalidFilter');
  const filter = parser.parseOr(false);
  parser.expectEnd();
  return filter;
}

/** Parses a PATCH `path`; throws a 400 `invalidPath` ScimError when malformed. */
export function parsePatchPath(text: string): PatchPath {
  return new Parser(text, 'invalidPath').parsePatchPath();
}
