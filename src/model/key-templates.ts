/**
 * ElectroDB's keys of a record, without running ElectroDB per record. A key is text around the
 * values of its composite attributes (`$service#label_value…`); which text, ElectroDB alone
 * decides. So the text is learnt from ElectroDB itself, once per schema: its key builder is called
 * on a probe record whose every attribute is a marker, and each key it returns is cut at the
 * markers into a template. A record whose composite values are all strings then gets its keys by
 * concatenation (a tenth of ElectroDB's cost); anything else — a missing value (a partial key),
 * a number (padded), a null — goes to ElectroDB as before. A unit test holds the templates to
 * ElectroDB's own output for every entity and any strings.
 */

type Params = Record<string, unknown>;

/** One key attribute: `literals[0] + value(attributes[0]) + literals[1] + … + literals[n]`. */
interface KeyTemplate {
  readonly field: string;
  readonly literals: readonly string[];
  readonly attributes: readonly string[];
}

/** The marker of the probe's `i`-th attribute: text no key builder adds and no value of the probe holds otherwise. */
function marker(i: number): string {
  return `\u0001${i}\u0001`;
}

// eslint-disable-next-line no-control-regex -- the markers are control characters on purpose: no key text has them
const MARKER = /\u0001(\d+)\u0001/g;

/** `text` cut at the probe's markers, or undefined when it holds one twice (a key ElectroDB builds some other way). */
function templateOf(field: string, text: string, attributes: readonly string[]): KeyTemplate | undefined {
  const literals: string[] = [];
  const used: string[] = [];
  let start = 0;
  for (const match of text.matchAll(MARKER)) {
    const name = attributes[Number(match[1])];
    if (name === undefined || used.includes(name)) return undefined;
    literals.push(text.slice(start, match.index));
    used.push(name);
    start = match.index + match[0].length;
  }
  literals.push(text.slice(start));
  if (literals.some((literal) => literal.includes('\u0001'))) return undefined;
  return { field, literals, attributes: used };
}

/**
 * The keys `electroKeys` builds, from templates learnt from it: `keysOf(record)` is its result
 * when every one of `attributes` (the composite attributes of the keys it builds; none of them
 * padded or otherwise formatted) is a string in `record`, and undefined otherwise — then the
 * caller asks ElectroDB. Undefined when the keys do not fit templates at all.
 */
export function compileKeys(electroKeys: (record: Params) => Params, attributes: readonly string[]): ((record: Params) => Params | undefined) | undefined {
  const probe: Params = {};
  attributes.forEach((name, i) => {
    probe[name] = marker(i);
  });
  const built = electroKeys(probe);
  const templates: KeyTemplate[] = [];
  for (const [field, text] of Object.entries(built)) {
    if (typeof text !== 'string') return undefined;
    const template = templateOf(field, text, attributes);
    if (template === undefined) return undefined;
    templates.push(template);
  }
  return (record) => {
    for (let i = 0; i < attributes.length; i += 1) {
      if (typeof record[attributes[i] as string] !== 'string') return undefined;
    }
    const keys: Params = {};
    for (const { field, literals, attributes: names } of templates) {
      let text = literals[0] as string;
      for (let i = 0; i < names.length; i += 1) text += (record[names[i] as string] as string) + (literals[i + 1] as string);
      keys[field] = text;
    }
    return keys;
  };
}
