// A strict (non-validating) XML parser for tests: saxes rejects any document that is not well-formed.
import { SaxesParser } from 'saxes';

export interface Element {
  name: string;
  attributes: Record<string, string>;
  children: Element[];
  text: string;
}

/** Parse a whole document into elements; throws on the first well-formedness error. */
export function parseXml(xml: string): Element {
  const parser = new SaxesParser();
  const root: Element = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: Element[] = [root];
  parser.on('error', (e) => {
    throw e;
  });
  parser.on('opentag', (tag) => {
    const el: Element = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: '' };
    stack.at(-1)!.children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('text', (t) => (stack.at(-1)!.text += t));
  parser.write(xml).close();
  if (root.children.length !== 1) throw new Error(`expected one root element, got ${root.children.length}`);
  return root.children[0]!;
}

/** Every element named `name` below `el`, depth first. */
export function all(el: Element, name: string): Element[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}
