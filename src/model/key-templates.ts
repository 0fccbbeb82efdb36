/**
 * ElectroDB's keys of a record, without running ElectroDB per record. A key is text around the
 * values of its composite attributes (`$service#label_value…`); which text, ElectroDB alone
 * decides. So the text is learnt from ElectroDB itself, once per schema: its key builder is called
 * on a probe record whose every attribute is a marker, and each key it returns is cut at the
 * markers into a template. A record whose composite values are strings — numbers for a padded
 * number attribute, spelt as ElectroDB spells them: the digits padded at the start — then gets its
 * keys by concatenation (a tenth of ElectroDB's cost); anything else (a missing value in a whole
 * key, a null, a value of another type) goes to ElectroDB as before. Unit tests hold the templates
 * to ElectroDB's own output for every entity, any strings and numbers, and every partial key.
 */

type Params = Record<string, unknown>;

/** One key attribute: `literals[0] + value(attributes[0]) + literals[1] + … + literals[n]`. */
interface KeyTemplate {
  readonly field: string;
  readonly literals: readonly string[];
  readonly attributes: readonly string[];
}

/**
 * The marker of the probe's `i`-th attribute: text no key builder adds and no value of the probe
 * holds otherwise, `width` characters longer than its number — long enough that no padding of a
 * formatted attribute reaches it (the probe is made at two widths, and must give the same keys).
 */
function marker(i: number, width: number): string {
  return `\u0001${i}${'\u0002'.repeat(width)}\u0001`;
}

// eslint-disable-next-line no-control-regex -- the markers are control characters on purpose: no key text has them
const MARKER = /\u0001(\d+)\u0002*\u0001/g;

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
  if (literals.some((literal) => literal.includes('\u0001') || literal.includes('\u0002'))) return undefined;
  return { field, literals, attributes: used };
}

/** Keys by template, for one of ElectroDB's key conversions. */
export interface CompiledKeys {
  /** Every key the conversion builds, or undefined when a composite value is not one a template spells. */
  keys(record: Params): Params | undefined;
  /**
   * Key `field` from the values of its first `count` composite attributes, as ElectroDB builds a
   * partial key (the label of the first missing one closes it: what a query's `begins_with` takes);
   * undefined when one of those values is not one a template spells, or `field` has no template.
   */
  partial(field: string, record: Params, count: number): string | undefined;
}

/** How ElectroDB pads an attribute's text in keys (`padding` of its attribute definition). */
export interface KeyPadding {
  readonly length: number;
  readonly char: string;
}

/** The text of `value` in a key: a string as it is; a number of a padded attribute padded at the start; undefined for the rest. */
function spell(value: unknown, padding: KeyPadding | undefined): string | undefined {
  if (padding === undefined) return typeof value === 'string' ? value : undefined;
  return typeof value === 'number' ? String(value).padStart(padding.length, padding.char) : undefined;
}

/**
 * The keys `electroKeys` builds, from templates learnt from it, for records whose values of
 * `attributes` (the composite attributes of the keys it builds) a template spells: strings, and
 * numbers for the `padded` ones; for any other record the caller asks ElectroDB. Undefined when
 * the keys do not fit templates at all.
 */
export function compileKeys(electroKeys: (record: Params) => Params, attributes: readonly string[], padded: ReadonlyMap<string, KeyPadding> = new Map()): CompiledKeys | undefined {
  const learn = (width: number): KeyTemplate[] | undefined => {
    const probe: Params = {};
    attributes.forEach((name, i) => {
      probe[name] = marker(i, width);
    });
    const learnt: KeyTemplate[] = [];
    for (const [field, text] of Object.entries(electroKeys(probe))) {
      const template = typeof text === 'string' ? templateOf(field, text, attributes) : undefined;
      if (template === undefined) return undefined;
      learnt.push(template);
    }
    return learnt;
  };
  const templates = learn(48);
  if (templates === undefined || JSON.stringify(templates) !== JSON.stringify(learn(96))) return undefined;
  const spelt = templates.map((template) => ({ ...template, paddings: template.attributes.map((name) => padded.get(name)) }));
  const byField = new Map(spelt.map((template) => [template.field, template]));
  /** The template's text from its first `count` values, or undefined when one is not spelt by it. */
  const textOf = (template: (typeof spelt)[number], record: Params, count: number): string | undefined => {
    const { literals, attributes: names, paddings } = template;
    let text = literals[0] as string;
    for (let i = 0; i < count; i += 1) {
      const value = spell(record[names[i] as string], paddings[i]);
      if (value === undefined) return undefined;
      text += value + (literals[i + 1] as string);
    }
    return text;
  };
  return {
    keys(record) {
      const keys: Params = {};
      for (const template of spelt) {
        const text = textOf(template, record, template.attributes.length);
        if (text === undefined) return undefined;
        keys[template.field] = text;
      }
      return keys;
    },
    partial(field, record, count) {
      const template = byField.get(field);
      return template === undefined || count > template.attributes.length ? undefined : textOf(template, record, count);
    },
  };
}
