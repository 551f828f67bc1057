// A k6 threshold expression evaluated on a metric's values, as k6 evaluates it: for data k6 did not judge
// itself — a summary rebuilt from several shards' raw samples. Pure; the verdict uses it when k6's `ok` is absent.

const EXPRESSION = /^\s*(p\(\d+(?:\.\d+)?\)|avg|min|med|max|rate|count|value)\s*(<=|>=|<|>|===|==|!=)\s*(-?\d+(?:\.\d+)?)\s*$/;

/**
 * Whether `expression` (e.g. `p(95)<500`, `rate<0.01`) holds for `values` (a summary metric's values).
 * An aggregate the values lack counts as held, as k6 counts a threshold on a metric without samples.
 */
export function evaluateThreshold(expression: string, values: Record<string, number>): boolean {
  const m = EXPRESSION.exec(expression);
  if (!m) throw new Error(`threshold '${expression}' is not valid: expected an expression like p(95)<500 or rate<0.01`);
  const [, aggregate, op, limitText] = m as unknown as [string, string, string, string];
  // k6 writes p(95.0) and p(95) the same; values are keyed by the expression's own spelling.
  const observed = values[aggregate] ?? values[aggregate.replace(/^p\((\d+)\.0+\)$/, 'p($1)')];
  if (observed === undefined) return true;
  const limit = Number(limitText);
  switch (op) {
    case '<':
      return observed < limit;
    case '<=':
      return observed <= limit;
    case '>':
      return observed > limit;
    case '>=':
      return observed >= limit;
    case '!=':
      return observed !== limit;
    default:
      return observed === limit;
  }
}
