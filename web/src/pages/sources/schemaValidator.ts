// A client-side check of a custom log schema, before it is sent: the rules of the backend's
// schema language (lambdas/logs/logschema: Load decodes strictly, so unknown keys are errors,
// then Validate), each problem with its path (fields[2].type), its line, and the fix. The API
// compiles the schema too and has the last word; this catches the common mistakes at once.
import { LineCounter, isNode, parseDocument, type Document } from 'yaml';

export interface SchemaProblem {
  /** Where, as fields[2].element.type; "" for the document itself. */
  path: string;
  message: string;
  line?: number;
}

export const valueTypes = ['string', 'int', 'smallint', 'bigint', 'float', 'boolean', 'timestamp', 'array', 'object', 'json', 'ref'];
export const indicatorNames = ['ip', 'domain', 'hostname', 'url', 'md5', 'sha1', 'sha256', 'aws_arn', 'aws_account_id',
  'aws_instance_id', 'aws_tag', 'trace_id', 'username', 'email', 'net_addr'];
const namedTimeFormats = ['rfc3339', 'unix', 'unix_ms', 'unix_us', 'unix_ns', 'cloudflare'];
const timeFormatHelp = 'rfc3339, unix, unix_ms, unix_us, unix_ns, cloudflare, a %-pattern such as "%Y-%m-%d %H:%M:%S", or layout=<Go layout>';

const topKeys = ['schema', 'description', 'referenceURL', 'version', 'parser', 'definitions', 'fields'];
const valueKeys = ['type', 'fields', 'element', 'target', 'timeFormat', 'isEventTime', 'indicators', 'validate'];
const fieldKeys = ['name', 'required', 'description', ...valueKeys];
const textParserKeys = ['match', 'emptyValues', 'trimSpace', 'expandFields'];
const parserKeys: Record<string, string[]> = {
  csv: ['delimiter', 'hasHeader', 'columns', 'skipPrefix', 'emptyValues', 'trimSpace', 'expandFields'],
  fastmatch: textParserKeys,
  regex: [...textParserKeys, 'patternDefinitions'],
  native: ['name'],
};
const csvDelimiters = [',', ';', '|', '\t', ' '];

// The backend's name patterns (logschema/load.go).
const schemaNamePattern = /^[A-Z][A-Za-z0-9]+(\.[A-Z][A-Za-z0-9]+)*$/;
const definitionNamePattern = /^[A-Z][A-Za-z0-9]+$/;

type Path = (string | number)[];
type Obj = Record<string, unknown>;

export function pathString(path: Path): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  problems: { path: Path; message: string }[] = [];
  definitions: Obj = {};

  add(path: Path, message: string) {
    this.problems.push({ path, message });
  }

  keys(path: Path, obj: Obj, allowed: string[]) {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      if (key === 'timeFormats') {
        this.add([...path, key], 'timeFormats is not supported: give one timeFormat');
      } else {
        this.add([...path, key], `unknown key "${key}": use one of ${allowed.join(', ')}`);
      }
    }
  }

  boolean(path: Path, obj: Obj, key: string) {
    if (key in obj && typeof obj[key] !== 'boolean') this.add([...path, key], `${key} must be true or false`);
  }

  stringList(path: Path, value: unknown, what: string): string[] | undefined {
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' && typeof v !== 'number')) {
      this.add(path, `${what} must be a list of texts, such as [a, b]`);
      return undefined;
    }
    return value.map(String);
  }

  top(root: unknown, logType?: string) {
    if (!isObj(root)) {
      this.add([], 'the schema must be a YAML mapping with schema, version and fields');
      return;
    }
    this.keys([], root, topKeys);
    const name = root.schema;
    const expected = logType ? `, ${logType}` : '';
    if (name === undefined || name === null || name === '') {
      this.add(['schema'], `schema is required: give the log type's name${expected}`);
    } else if (typeof name !== 'string' || !schemaNamePattern.test(name)) {
      this.add(['schema'], `"${String(name)}" must be dotted words starting with capitals, such as Custom.MyApp`);
    } else if (logType && name !== logType) {
      this.add(['schema'], `is "${name}"; it must be the log type's name${expected}`);
    }
    if ('version' in root && root.version !== 0) this.add(['version'], 'version must be 0');
    if ('parser' in root) this.parser(root.parser);
    if ('definitions' in root) {
      if (!isObj(root.definitions)) {
        this.add(['definitions'], 'definitions must be a mapping of names to value schemas');
      } else {
        this.definitions = root.definitions;
        for (const [name, def] of Object.entries(root.definitions)) {
          if (!definitionNamePattern.test(name)) {
            this.add(['definitions', name], 'a definition name starts with a capital and has only letters and digits');
          }
          this.value(['definitions', name], def, true);
        }
      }
    }
    const fields = root.fields;
    if (!Array.isArray(fields) || fields.length === 0) {
      this.add(['fields'], 'at least one field is required: list the fields, each with name and type');
    } else {
      this.fields(['fields'], fields);
    }
  }

  parser(parser: unknown) {
    const path = ['parser'];
    if (!isObj(parser)) {
      this.add(path, 'parser must be a mapping with one of csv, fastmatch, regex or native');
      return;
    }
    this.keys(path, parser, Object.keys(parserKeys));
    const set = Object.keys(parserKeys).filter((k) => parser[k] != null);
    if (set.length > 1) this.add(path, `set at most one of csv, fastmatch, regex and native (found ${set.join(', ')})`);
    for (const kind of set) {
      const p = parser[kind];
      const at = [...path, kind];
      if (!isObj(p)) {
        this.add(at, `${kind} must be a mapping of its settings`);
        continue;
      }
      this.keys(at, p, parserKeys[kind]);
      if (kind === 'csv') {
        if (typeof p.delimiter !== 'string' || !csvDelimiters.includes(p.delimiter)) {
          const given = p.delimiter === undefined ? 'delimiter is required' : `"${String(p.delimiter)}" is not a delimiter`;
          this.add([...at, 'delimiter'], `${given}: use one of ",", ";", "|", a tab or a space`);
        }
        this.boolean(at, p, 'hasHeader');
        if (p.hasHeader !== true && (!Array.isArray(p.columns) || p.columns.length === 0)) {
          this.add(at, 'give columns, or hasHeader: true');
        }
      } else if (kind === 'native') {
        if (typeof p.name !== 'string' || p.name === '') this.add([...at, 'name'], 'name the native parser');
      } else {
        const match = p.match === undefined ? undefined : this.stringList([...at, 'match'], p.match, 'match');
        if (p.match === undefined || (match && match.length === 0)) {
          this.add([...at, 'match'], kind === 'regex' ? 'at least one line of the expression is required' : 'at least one pattern is required');
        }
      }
      if ('trimSpace' in p) this.boolean(at, p, 'trimSpace');
    }
  }

  fields(path: Path, fields: unknown[]) {
    const names = new Set<string>();
    fields.forEach((field, i) => {
      const at = [...path, i];
      if (!isObj(field)) {
        this.add(at, 'a field is a mapping with name and type, such as {name: user, type: string}');
        return;
      }
      this.keys(at, field, fieldKeys);
      const name = field.name == null ? '' : String(field.name);
      if (name === '') {
        this.add([...at, 'name'], 'name is required: give the field the name it has in the events');
      } else if (name.startsWith('p_')) {
        this.add([...at, 'name'], `"${name}": names starting with p_ are Panther's own fields; rename it`);
      } else if (names.has(name)) {
        this.add([...at, 'name'], `"${name}" is declared twice in this list; give each field once`);
      }
      names.add(name);
      this.boolean(at, field, 'required');
      this.value(at, field, false);
    });
  }

  /** A value schema; a field's own keys were checked by fields(). */
  value(path: Path, value: unknown, checkKeys: boolean, seen: string[] = []) {
    if (!isObj(value)) {
      this.add(path, 'a value schema is a mapping with type, such as {type: string}');
      return;
    }
    if (checkKeys) this.keys(path, value, valueKeys);
    const type = value.type;
    if (type === undefined || type === null || type === '') {
      this.add([...path, 'type'], `type is required: use one of ${valueTypes.join(', ')}`);
    } else if (typeof type !== 'string' || !valueTypes.includes(type)) {
      this.add([...path, 'type'], `"${String(type)}" is not a type: use one of ${valueTypes.join(', ')}`);
    }
    switch (type) {
      case 'object':
        if (!Array.isArray(value.fields) || value.fields.length === 0) {
          this.add([...path, 'fields'], 'an object needs fields: list them, each with name and type');
        } else {
          this.fields([...path, 'fields'], value.fields);
        }
        break;
      case 'array':
        if (value.element == null) {
          this.add([...path, 'element'], 'an array needs element: the type of its items, such as element: {type: string}');
        } else {
          this.value([...path, 'element'], value.element, true, seen);
        }
        break;
      case 'timestamp':
        if (value.timeFormat == null || value.timeFormat === '') {
          if (!('timeFormats' in value)) this.add([...path, 'timeFormat'], `a timestamp needs timeFormat: ${timeFormatHelp}`);
        } else {
          this.timeFormat([...path, 'timeFormat'], value.timeFormat);
        }
        break;
      case 'ref':
        this.ref(path, value, seen);
        break;
      case 'string':
      case 'json':
        if ('indicators' in value) {
          for (const ind of this.stringList([...path, 'indicators'], value.indicators, 'indicators') ?? []) {
            if (!indicatorNames.includes(ind)) {
              this.add([...path, 'indicators'], `"${ind}" is not an indicator: use one of ${indicatorNames.join(', ')}`);
            }
          }
        }
        break;
    }
    this.boolean(path, value, 'isEventTime');
    if (value.isEventTime === true && type !== 'timestamp') {
      this.add([...path, 'isEventTime'], 'isEventTime is for timestamps: remove it, or make the type timestamp');
    }
    if ('indicators' in value && type !== 'string' && type !== 'json') {
      this.add([...path, 'indicators'], 'indicators are for string and json values: remove them');
    }
    if ('validate' in value) this.validateRule([...path, 'validate'], value.validate);
  }

  timeFormat(path: Path, format: unknown) {
    const f = String(format);
    if (namedTimeFormats.includes(f) || f.includes('%')) return;
    if (f.startsWith('layout=')) {
      if (f === 'layout=') this.add(path, 'layout= needs a Go time layout, such as layout=2006-01-02 15:04:05');
      return;
    }
    this.add(path, `"${f}" is not a time format: use ${timeFormatHelp}`);
  }

  ref(path: Path, value: Obj, seen: string[]) {
    const target = value.target;
    if (typeof target !== 'string' || target === '') {
      this.add([...path, 'target'], 'a ref needs target: the name of an entry of definitions');
    } else if (!(target in this.definitions)) {
      this.add([...path, 'target'], `"${target}" is not in definitions: add it there, or fix the name`);
    } else if (seen.includes(target) || this.refersTo(this.definitions[target], target, [...seen, target])) {
      this.add([...path, 'target'], `definition "${target}" refers to itself: a ref may not lead back to its own definition`);
    }
  }

  /** Whether a definition leads, through refs, objects and arrays, back to one of seen. */
  refersTo(value: unknown, target: string, seen: string[]): boolean {
    if (!isObj(value)) return false;
    if (value.type === 'ref' && typeof value.target === 'string') {
      if (seen.includes(value.target)) return true;
      return this.refersTo(this.definitions[value.target], target, [...seen, value.target]);
    }
    if (value.type === 'array') return this.refersTo(value.element, target, seen);
    if (value.type === 'object' && Array.isArray(value.fields)) return value.fields.some((f) => this.refersTo(f, target, seen));
    return false;
  }

  validateRule(path: Path, rule: unknown) {
    if (!isObj(rule)) {
      this.add(path, 'validate must be a mapping with allow or deny');
      return;
    }
    this.keys(path, rule, ['allow', 'deny']);
    for (const key of ['allow', 'deny']) if (key in rule) this.stringList([...path, key], rule[key], key);
  }
}

/** The line of the node at path, or of its nearest ancestor present in the document. */
function lineOf(doc: Document, counter: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Checks a schema's YAML; logType, when given, is the name its schema key must have. */
export function validateSchema(text: string, logType?: string): SchemaProblem[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      path: '',
      message: `the YAML does not parse: ${e.message}`,
      line: counter.linePos(e.pos[0]).line,
    }));
  }
  if (doc.contents === null) {
    return [{ path: '', message: 'the schema is empty: write schema, version: 0 and fields' }];
  }
  const checker = new Checker();
  checker.top(doc.toJS(), logType);
  return checker.problems.map(({ path, message }) => ({ path: pathString(path), message, line: lineOf(doc, counter, path) }));
}

/** One problem as a sentence: where, then what to do. */
export function describeProblem(p: SchemaProblem): string {
  const where = [p.path, p.line !== undefined ? `line ${p.line}` : ''].filter(Boolean).join(', ');
  return where ? `${where}: ${p.message}` : p.message;
}
