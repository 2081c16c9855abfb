import { describe, expect, it } from 'vitest';
import { describeProblem, validateSchema } from './schemaValidator';

const good = `schema: Custom.MyApp
version: 0
fields:
  - name: time
    type: timestamp
    timeFormat: rfc3339
    isEventTime: true
  - name: user
    type: string
    indicators: [username, email]
  - name: tags
    type: array
    element:
      type: string
  - name: request
    type: object
    fields:
      - name: bytes
        type: bigint
      - name: ok
        type: boolean
  - name: extra
    type: json
  - name: addr
    type: ref
    target: Address
definitions:
  Address:
    type: object
    fields:
      - name: ip
        type: string
        indicators: [ip]
`;

/** A schema with the given fields block, the rest being valid. */
const withFields = (fields: string) => `schema: Custom.MyApp\nversion: 0\nfields:\n${fields}`;

const cases: { name: string; yaml: string; logType?: string; want: { path: string; includes: string; line?: number }[] }[] = [
  { name: 'a complete schema', yaml: good, logType: 'Custom.MyApp', want: [] },
  {
    name: 'csv parser with header',
    yaml: `schema: Custom.Csv\nparser:\n  csv:\n    delimiter: ","\n    hasHeader: true\nfields:\n  - name: a\n    type: string\n`,
    want: [],
  },
  { name: 'timestamp with a %-pattern', yaml: withFields('  - name: t\n    type: timestamp\n    timeFormat: "%Y-%m-%d %H:%M:%S"\n'), want: [] },
  { name: 'empty text', yaml: '', want: [{ path: '', includes: 'the schema is empty' }] },
  { name: 'not YAML', yaml: 'fields: [\n', want: [{ path: '', includes: 'does not parse' }] },
  { name: 'a list at the top', yaml: '- a\n- b\n', want: [{ path: '', includes: 'must be a YAML mapping' }] },
  { name: 'no fields', yaml: 'schema: Custom.MyApp\nversion: 0\n', want: [{ path: 'fields', includes: 'at least one field is required' }] },
  {
    name: 'schema key differs from the name',
    yaml: withFields('  - name: a\n    type: string\n').replace('Custom.MyApp', 'Custom.Other'),
    logType: 'Custom.MyApp',
    want: [{ path: 'schema', includes: "must be the log type's name, Custom.MyApp", line: 1 }],
  },
  {
    name: 'lower-case schema name',
    yaml: withFields('  - name: a\n    type: string\n').replace('Custom.MyApp', 'custom.app'),
    want: [{ path: 'schema', includes: 'dotted words starting with capitals' }],
  },
  { name: 'version 1', yaml: withFields('  - name: a\n    type: string\n').replace('version: 0', 'version: 1'), want: [{ path: 'version', includes: 'must be 0' }] },
  {
    name: 'unknown top-level key',
    yaml: withFields('  - name: a\n    type: string\n') + 'colour: red\n',
    want: [{ path: 'colour', includes: 'unknown key "colour"' }],
  },
  {
    name: 'missing type names the path',
    yaml: withFields('  - name: a\n    type: string\n  - name: b\n    type: int\n  - name: c\n    description: no type\n'),
    want: [{ path: 'fields[2].type', includes: 'type is required', line: 8 }],
  },
  { name: 'unknown type', yaml: withFields('  - name: a\n    type: text\n'), want: [{ path: 'fields[0].type', includes: '"text" is not a type' }] },
  { name: 'missing name', yaml: withFields('  - type: string\n'), want: [{ path: 'fields[0].name', includes: 'name is required' }] },
  {
    name: 'duplicate names',
    yaml: withFields('  - name: a\n    type: string\n  - name: a\n    type: int\n'),
    want: [{ path: 'fields[1].name', includes: 'declared twice' }],
  },
  { name: 'p_ names', yaml: withFields('  - name: p_time\n    type: string\n'), want: [{ path: 'fields[0].name', includes: "Panther's own fields" }] },
  {
    name: 'timestamp without timeFormat',
    yaml: withFields('  - name: t\n    type: timestamp\n'),
    want: [{ path: 'fields[0].timeFormat', includes: 'a timestamp needs timeFormat' }],
  },
  {
    name: 'timeFormats is not the backend language',
    yaml: withFields('  - name: t\n    type: timestamp\n    timeFormats: [rfc3339]\n'),
    want: [{ path: 'fields[0].timeFormats', includes: 'give one timeFormat' }],
  },
  {
    name: 'unknown timeFormat',
    yaml: withFields('  - name: t\n    type: timestamp\n    timeFormat: iso\n'),
    want: [{ path: 'fields[0].timeFormat', includes: '"iso" is not a time format' }],
  },
  { name: 'array without element', yaml: withFields('  - name: xs\n    type: array\n'), want: [{ path: 'fields[0].element', includes: 'an array needs element' }] },
  {
    name: 'nested element type',
    yaml: withFields('  - name: xs\n    type: array\n    element:\n      type: nope\n'),
    want: [{ path: 'fields[0].element.type', includes: '"nope" is not a type' }],
  },
  {
    name: 'element takes no name',
    yaml: withFields('  - name: xs\n    type: array\n    element:\n      name: x\n      type: string\n'),
    want: [{ path: 'fields[0].element.name', includes: 'unknown key "name"' }],
  },
  { name: 'object without fields', yaml: withFields('  - name: o\n    type: object\n'), want: [{ path: 'fields[0].fields', includes: 'an object needs fields' }] },
  {
    name: 'nested object field',
    yaml: withFields('  - name: o\n    type: object\n    fields:\n      - name: a\n        type: string\n      - name: b\n'),
    want: [{ path: 'fields[0].fields[1].type', includes: 'type is required', line: 9 }],
  },
  {
    name: 'unknown indicator',
    yaml: withFields('  - name: a\n    type: string\n    indicators: [ipv4]\n'),
    want: [{ path: 'fields[0].indicators', includes: '"ipv4" is not an indicator' }],
  },
  {
    name: 'indicators on an int',
    yaml: withFields('  - name: a\n    type: int\n    indicators: [ip]\n'),
    want: [{ path: 'fields[0].indicators', includes: 'indicators are for string and json' }],
  },
  {
    name: 'isEventTime on a string',
    yaml: withFields('  - name: a\n    type: string\n    isEventTime: true\n'),
    want: [{ path: 'fields[0].isEventTime', includes: 'isEventTime is for timestamps' }],
  },
  { name: 'ref to nothing', yaml: withFields('  - name: a\n    type: ref\n    target: Nope\n'), want: [{ path: 'fields[0].target', includes: '"Nope" is not in definitions' }] },
  {
    name: 'csv without delimiter or columns',
    yaml: 'schema: Custom.Csv\nparser:\n  csv: {}\nfields:\n  - name: a\n    type: string\n',
    want: [
      { path: 'parser.csv.delimiter', includes: 'delimiter is required' },
      { path: 'parser.csv', includes: 'give columns, or hasHeader: true' },
    ],
  },
  {
    name: 'two parsers',
    yaml: 'schema: Custom.Xy\nparser:\n  native: {name: X}\n  regex: {match: ["a"]}\nfields:\n  - name: a\n    type: string\n',
    want: [{ path: 'parser', includes: 'set at most one' }],
  },
];

describe('validateSchema', () => {
  it.each(cases)('$name', ({ yaml, logType, want }) => {
    const problems = validateSchema(yaml, logType);
    expect(problems.map((p) => p.path)).toEqual(want.map((w) => w.path));
    want.forEach((w, i) => {
      expect(problems[i].message).toContain(w.includes);
      if (w.line !== undefined) expect(problems[i].line).toBe(w.line);
    });
  });

  it('describes a problem with its path and line', () => {
    const [problem] = validateSchema(withFields('  - name: a\n'));
    expect(describeProblem(problem)).toBe(
      'fields[0].type, line 4: type is required: use one of string, int, smallint, bigint, float, boolean, timestamp, array, object, json, ref',
    );
  });

  it('does not check the schema key without a name', () => {
    expect(validateSchema(withFields('  - name: a\n    type: string\n').replace('Custom.MyApp', 'Custom.Other'))).toEqual([]);
  });
});
