// k6's threshold expression grammar, in one place: `p(95)<500`, `rate<0.01`, `count>0` — parsed to check an
// SLA before the run, to name the aggregate a verdict row observes, and evaluated on data k6 did not judge
// itself (a summary rebuilt from several shards' raw samples). Pure.
const GRAMMAR = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|med|max|rate|count|value)\s*(<=|>=|<|>|===|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '===' | '!=';

export interface Expression {
  /** The summary value compared: `p(95)`, `rate`, `count`, … */
  aggregate: string;
  op: Comparison;
  limit: number;
}

export const EXPECTED_EXPRESSION = 'an expression like p(95)<500 or rate<0.01';

/** The expression's parts, or undefined when k6 would not accept it. */
export function parseExpression(text: string): Expression | undefined {
  const m = GRAMMAR.exec(text);
  return m ? { aggregate: m[1]!, op: m[2] as Comparison, limit: Number(m[3]) } : undefined;
}

/**
 * Whether `expression` holds for `values` (a summary metric's values), as k6 evaluates it. An aggregate the
 * values lack counts as held, as k6 counts a threshold on a metric without samples.
 */
export function evaluateThreshold(expression: string, values: Record<string, number>): boolean {
  const e = parseExpression(expression);
  if (!e) throw new Error(`threshold '${expression}' is not valid: expected ${EXPECTED_EXPRESSION}`);
  // k6 writes p(95.0) and p(95) the same; values are keyed by the expression's own spelling.
  const observed = values[e.aggregate] ?? values[e.aggregate.replace(/^p\((\d+)\.0+\)$/, 'p($1)')];
  if (observed === undefined) return true;
  switch (e.op) {
    case '<':
      return observed < e.limit;
    case '<=':
      return observed <= e.limit;
    case '>':
      return observed > e.limit;
    case '>=':
      return observed >= e.limit;
    case '!=':
      return observed !== e.limit;
    default:
      return observed === e.limit;
  }
}
