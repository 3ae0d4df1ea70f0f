/**
 * The little XML the SBML writer and reader need: escaping for the writer, and a small
 * non-validating parser (elements, attributes, text, CDATA, comments, character references,
 * namespaces resolved to URIs). No DTDs, no external entities: a DOCTYPE is rejected, which also
 * rules out entity-expansion attacks on files from elsewhere.
 */

export interface XmlElement {
  /** Qualified name as written, e.g. "rdf:li". */
  readonly name: string;
  /** Local name without prefix, e.g. "li". */
  readonly local: string;
  /** Namespace URI the prefix (or the default namespace) resolves to; '' when none. */
  readonly ns: string;
  /** Attributes by qualified name as written. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlNode[];
  /** 1-based line of the start tag, for error messages. */
  readonly line: number;
}
export type XmlNode = XmlElement | string;

/**
 * Thrown when an SBML (or other XML) text is not well-formed XML, with the 1-based line and column
 * of the problem and the reason.
 */
export class XmlSyntaxError extends Error {
  /**
   * @param line 1-based line of the problem.
   * @param column 1-based column of the problem.
   * @param reason What is wrong there.
   */
  constructor(readonly line: number, readonly column: number, reason: string) {
    super(`XML syntax error at line ${line}, column ${column}: ${reason}`);
    this.name = 'XmlSyntaxError';
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text content: & < > escaped. */
export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => ESC[c]);
}

/** Attribute value (double-quoted): also quotes, and whitespace that attribute normalisation would lose. */
export function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ESC[c]).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** `name="value"` pairs for the attributes that are defined, in the given order. */
export function attrs(a: Record<string, string | number | boolean | undefined>): string {
  let s = '';
  for (const [k, v] of Object.entries(a)) if (v !== undefined) s += ` ${k}="${escapeAttr(String(v))}"`;
  return s;
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;

class Parser {
  private i = 0;
  /** Offsets of the newlines, for line numbers by binary search. */
  private readonly newlines: number[] = [];
  constructor(private readonly s: string) {
    for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) this.newlines.push(k);
  }

  private pos(at = this.i): { line: number; column: number } {
    let lo = 0, hi = this.newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.newlines[mid] < at) lo = mid + 1; else hi = mid;
    }
    const last = lo > 0 ? this.newlines[lo - 1] : -1;
    return { line: lo + 1, column: at - last };
  }
  private fail(reason: string, at = this.i): never {
    const p = this.pos(at);
    throw new XmlSyntaxError(p.line, p.column, reason);
  }
  private startsWith(t: string): boolean {
    return this.s.startsWith(t, this.i);
  }
  private skipTo(t: string, what: string): void {
    const k = this.s.indexOf(t, this.i);
    if (k < 0) this.fail(`unterminated ${what}`);
    this.i = k + t.length;
  }
  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }
  private name(): string {
    NAME.lastIndex = this.i;
    const m = NAME.exec(this.s);
    if (!m) this.fail(`expected a name, found ${JSON.stringify(this.s.slice(this.i, this.i + 10))}`);
    this.i += m[0].length;
    return m[0];
  }

  decode(raw: string, at: number): string {
    return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|[A-Za-z]+);|&/g, (_m, ref: string | undefined) => {
      if (!ref) this.fail("bare '&' (write &amp;)", at);
      if (ref[0] === '#') {
        const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        if (!(cp <= 0x10ffff)) this.fail(`character reference '&${ref};' is out of range`, at);
        return String.fromCodePoint(cp);
      }
      const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
      if (!Object.hasOwn(named, ref)) this.fail(`unknown entity '&${ref};'`, at);
      return named[ref];
    });
  }

  /** Skips the prolog: XML declaration, comments, processing instructions, whitespace. */
  private misc(): void {
    for (;;) {
      this.ws();
      if (this.startsWith('<?')) this.skipTo('?>', 'processing instruction');
      else if (this.startsWith('<!--')) this.skipTo('-->', 'comment');
      else if (this.startsWith('<!DOCTYPE')) this.fail('DOCTYPE declarations are not accepted');
      else return;
    }
  }

  document(): XmlElement {
    if (this.s.charCodeAt(0) === 0xfeff) this.i = 1;
    this.misc();
    if (!this.startsWith('<')) this.fail('expected the root element');
    const root = this.element(new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
    this.misc();
    if (this.i < this.s.length) this.fail('content after the root element');
    return root;
  }

  private element(scope: ReadonlyMap<string, string>, depth = 1): XmlElement {
    const start = this.i;
    // the readers recurse over the tree: refuse a depth no SBML model needs before it can overflow the stack
    if (depth > MAX_XML_DEPTH) this.fail(`elements are nested more than ${MAX_XML_DEPTH} deep`);
    this.i++; // '<'
    const name = this.name();
    const raw: Record<string, string> = Object.create(null) as Record<string, string>;
    for (;;) {
      const before = this.i;
      this.ws();
      if (this.startsWith('/>') || this.startsWith('>')) break;
      if (this.i === before) this.fail(`expected whitespace, '>' or '/>' in <${name}>`);
      const at = this.i;
      const an = this.name();
      this.ws();
      if (this.s[this.i] !== '=') this.fail(`expected '=' after attribute '${an}'`);
      this.i++;
      this.ws();
      const q = this.s[this.i];
      if (q !== '"' && q !== "'") this.fail(`expected a quoted value for attribute '${an}'`);
      const end = this.s.indexOf(q, this.i + 1);
      if (end < 0) this.fail(`unterminated value of attribute '${an}'`);
      const value = this.s.slice(this.i + 1, end);
      if (value.includes('<')) this.fail(`'<' in the value of attribute '${an}'`, this.i + 1);
      if (Object.hasOwn(raw, an)) this.fail(`duplicate attribute '${an}'`, at);
      // attribute-value normalisation (XML 1.0 §3.3.3): literal line ends and tabs are spaces; &#10; stays a newline
      raw[an] = this.decode(value.replace(/\r\n?|[\n\t]/g, ' '), this.i + 1);
      this.i = end + 1;
    }
    let local = new Map(scope);
    for (const [k, v] of Object.entries(raw)) {
      if (k === 'xmlns') local.set('', v);
      else if (k.startsWith('xmlns:')) local.set(k.slice(6), v);
    }
    if (local.size === scope.size && [...local].every(([k, v]) => scope.get(k) === v)) local = scope as Map<string, string>;
    const colon = name.indexOf(':');
    const prefix = colon < 0 ? '' : name.slice(0, colon);
    const ns = local.get(prefix);
    if (prefix && ns === undefined) this.fail(`undeclared namespace prefix '${prefix}' in <${name}>`, start);
    const line = this.pos(start).line;
    const el = { name, local: colon < 0 ? name : name.slice(colon + 1), ns: ns ?? '', attrs: raw, children: [] as XmlNode[], line };
    if (this.startsWith('/>')) { this.i += 2; return el; }
    this.i++; // '>'
    let textStart = this.i, text = '';
    const flush = (): void => {
      if (this.i > textStart) text += this.decode(this.s.slice(textStart, this.i), textStart);
    };
    for (;;) {
      const k = this.s.indexOf('<', this.i);
      if (k < 0) this.fail(`element <${name}> (line ${line}) is not closed`);
      this.i = k;
      if (this.startsWith('</')) {
        flush();
        if (text) el.children.push(text);
        this.i += 2;
        const close = this.name();
        if (close !== name) this.fail(`</${close}> closes <${name}> (line ${line})`);
        this.ws();
        if (this.s[this.i] !== '>') this.fail(`expected '>' after </${close}`);
        this.i++;
        return el;
      }
      if (this.startsWith('<!--')) { flush(); this.skipTo('-->', 'comment'); textStart = this.i; continue; }
      if (this.startsWith('<![CDATA[')) {
        flush();
        const end = this.s.indexOf(']]>', this.i);
        if (end < 0) this.fail('unterminated CDATA section');
        text += this.s.slice(this.i + 9, end);
        this.i = end + 3;
        textStart = this.i;
        continue;
      }
      if (this.startsWith('<?')) { flush(); this.skipTo('?>', 'processing instruction'); textStart = this.i; continue; }
      flush();
      if (text) { el.children.push(text); text = ''; }
      el.children.push(this.element(local, depth + 1));
      textStart = this.i;
    }
  }
}

/** Deepest element nesting accepted (SBML models nest ~10 levels plus their MathML). */
export const MAX_XML_DEPTH = 500;

/** Parses an XML document; throws XmlSyntaxError with line and column. */
export function parseXml(text: string): XmlElement {
  return new Parser(text).document();
}

/** Child elements, optionally only those with the given local name (and namespace). */
export function elements(e: XmlElement, local?: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of e.children) {
    if (typeof c !== 'string' && (local === undefined || c.local === local) && (ns === undefined || c.ns === ns)) out.push(c);
  }
  return out;
}

export function child(e: XmlElement, local: string, ns?: string): XmlElement | undefined {
  return elements(e, local, ns)[0];
}

/** Concatenated text of the element and its descendants. */
export function textOf(e: XmlElement): string {
  return e.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
