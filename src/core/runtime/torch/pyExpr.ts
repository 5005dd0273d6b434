/**
 * A parser for the small subset of Python that TorchScript prints in forward bodies:
 * literals, lists, names, attribute access, calls with keyword arguments. It builds a syntax tree
 * and nothing else: the code is read to recognise module calls, never evaluated.
 */
export type PyExpr =
  | { t: 'num'; v: number }
  | { t: 'str'; v: string }
  | { t: 'const'; v: boolean | null }
  | { t: 'name'; v: string }                       // dotted: 'torch.relu', 'self.conv1', '_0'
  | { t: 'list'; items: PyExpr[] }
  | { t: 'tuple'; items: PyExpr[] }
  | { t: 'attr'; obj: PyExpr; name: string }
  | { t: 'call'; fn: PyExpr; args: PyExpr[]; kwargs: Record<string, PyExpr> };

type Tok = { k: 'num' | 'str' | 'id' | 'op'; v: string };

const TOKEN = /\s*(?:(\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_][A-Za-z0-9_]*)|(->|[()[\],=.:+\-*/]))/y;

export class PySyntaxError extends Error {}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new PySyntaxError(`cannot read "${src.slice(pos, pos + 20)}"`);
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ k: 'num', v: m[1] });
    else if (m[2] !== undefined) out.push({ k: 'str', v: m[2].slice(1, -1) });
    else if (m[3] !== undefined) out.push({ k: 'id', v: m[3] });
    else out.push({ k: 'op', v: m[4] });
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  done(): boolean {
    return this.i >= this.toks.length;
  }

  private peek(v?: string): boolean {
    const t = this.toks[this.i];
    return t !== undefined && (v === undefined || (t.k === 'op' && t.v === v));
  }

  private take(v: string): void {
    if (!this.peek(v)) throw new PySyntaxError(`expected "${v}" at token ${this.i}`);
    this.i++;
  }

  expr(): PyExpr {
    let e = this.primary();
    for (;;) {
      if (this.peek('.')) {
        this.i++;
        const id = this.toks[this.i++];
        if (id?.k !== 'id') throw new PySyntaxError('expected a name after "."');
        e = e.t === 'name' ? { t: 'name', v: `${e.v}.${id.v}` } : { t: 'attr', obj: e, name: id.v };
      } else if (this.peek('(')) {
        this.i++;
        const { args, kwargs } = this.args(')');
        e = { t: 'call', fn: e, args, kwargs };
      } else return e;
    }
  }

  private args(close: string): { args: PyExpr[]; kwargs: Record<string, PyExpr> } {
    const args: PyExpr[] = [];
    const kwargs: Record<string, PyExpr> = {};
    while (!this.peek(close)) {
      const t = this.toks[this.i], next = this.toks[this.i + 1];
      if (t?.k === 'id' && next?.k === 'op' && next.v === '=') {
        this.i += 2;
        kwargs[t.v] = this.expr();
      } else args.push(this.expr());
      if (!this.peek(close)) this.take(',');
    }
    this.take(close);
    return { args, kwargs };
  }

  private primary(): PyExpr {
    const t = this.toks[this.i++];
    if (!t) throw new PySyntaxError('unexpected end of expression');
    if (t.k === 'num') return { t: 'num', v: Number(t.v) };
    if (t.k === 'str') return { t: 'str', v: t.v };
    if (t.k === 'id') {
      if (t.v === 'True' || t.v === 'False') return { t: 'const', v: t.v === 'True' };
      if (t.v === 'None') return { t: 'const', v: null };
      return { t: 'name', v: t.v };
    }
    if (t.v === '-') {
      const inner = this.primary();
      if (inner.t !== 'num') throw new PySyntaxError('unary minus on a non-number');
      return { t: 'num', v: -inner.v };
    }
    if (t.v === '[') return { t: 'list', items: this.args(']').args };
    if (t.v === '(') {
      const { args } = this.args(')');
      return args.length === 1 ? args[0] : { t: 'tuple', items: args };
    }
    throw new PySyntaxError(`unexpected "${t.v}"`);
  }
}

export function parseExpr(src: string): PyExpr {
  const p = new Parser(tokenize(src));
  const e = p.expr();
  if (!p.done()) throw new PySyntaxError(`unexpected text after an expression in "${src}"`);
  return e;
}

/** A statement of a forward body: `a = e`, `a, b = e`, `return e`. */
export type PyStmt = { t: 'assign'; targets: string[]; value: PyExpr } | { t: 'return'; value: PyExpr };

export function parseStatement(line: string): PyStmt {
  const s = line.trim();
  if (s.startsWith('return ')) return { t: 'return', value: parseExpr(s.slice(7)) };
  const m = /^([A-Za-z_][\w]*(?:\s*,\s*[A-Za-z_][\w]*)*)\s*=(?!=)\s*(.*)$/.exec(s);
  if (!m) throw new PySyntaxError(`not a plain assignment: "${s}"`);
  return { t: 'assign', targets: m[1].split(',').map((x) => x.trim()), value: parseExpr(m[2]) };
}

/** A literal's JSON value (numbers, strings, booleans, None, lists of them); undefined otherwise. */
export function literal(e: PyExpr | undefined): unknown {
  if (!e) return undefined;
  if (e.t === 'num' || e.t === 'str' || e.t === 'const') return e.v;
  if (e.t === 'list' || e.t === 'tuple') {
    const items = e.items.map(literal);
    return items.some((x) => x === undefined) ? undefined : items;
  }
  return undefined;
}
