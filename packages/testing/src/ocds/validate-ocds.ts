import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { closedCodelists, OPEN_CODELISTS } from './codelists.ts';
import { releaseSchemaWithBids, type SchemaNode } from './ocds-schema.ts';

/** One problem with a release. `path` is a JSON Pointer into the release (`/bids/details/0/status`). */
export interface OcdsIssue {
  kind: 'schema' | 'codelist' | 'duplicate-id' | 'party-reference';
  path: string;
  message: string;
}

export interface OcdsReport {
  /** The release is not valid OCDS 1.1.5 (+ bids): schema errors, closed-codelist values, duplicate ids. */
  errors: OcdsIssue[];
  /** Valid, but not what we publish: codes outside an open codelist, undeclared or role-less parties. */
  warnings: OcdsIssue[];
}

export interface OcdsCheckOptions {
  /** Codes added to open codelists on purpose, by codelist file: `{ 'itemClassificationScheme.csv': ['KZ-ENSTRU'] }`. */
  extraCodes?: Readonly<Record<string, readonly string[]>>;
  /**
   * Check that every organization reference (buyer, procuring entity, tenderers, suppliers) names a `parties[]`
   * entry by id, with the matching role. Off by default: the indicator fixtures carry references only.
   */
  partyReferences?: boolean;
}

/** OCDS metadata keywords that draft-04 does not know; Ajv's strict mode must be told they are annotations. */
const OCDS_KEYWORDS = [
  'codelist',
  'openCodelist',
  'deprecated',
  'omitWhenMerged',
  'versionId',
  'wholeListMerge',
];

let compiled:
  { validate: ValidateFunction; closed: Map<string, readonly string[]>; schema: SchemaNode } | undefined;

function validator(): NonNullable<typeof compiled> {
  if (!compiled) {
    const schema = releaseSchemaWithBids();
    const ajv = new AjvDraft04.default({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats.default(ajv);
    ajv.addVocabulary(OCDS_KEYWORDS);
    compiled = { validate: ajv.compile(schema), closed: closedCodelists(schema), schema };
  }
  return compiled;
}

/** Validates one release against OCDS 1.1.5 with the bids extension, offline. */
export function checkRelease(release: unknown, options: OcdsCheckOptions = {}): OcdsReport {
  const { validate, closed, schema } = validator();
  const report: OcdsReport = { errors: [], warnings: [] };
  walk(schema, schema, release, '', { closed, options, report });
  // A closed-codelist value is reported once, by the codelist check, which names the codelist.
  const codelistPaths = new Set(report.errors.map((e) => e.path));
  if (!validate(release)) {
    for (const e of validate.errors ?? []) {
      if (e.keyword === 'enum' && codelistPaths.has(e.instancePath)) continue;
      report.errors.push(schemaIssue(e, release));
    }
  }
  if (options.partyReferences) checkPartyReferences(release, report);
  return report;
}

/** Throws an Error naming every issue (warnings included) when the release is not clean. */
export function assertValidRelease(
  release: unknown,
  options: OcdsCheckOptions = {},
  label = 'release',
): void {
  const report = checkRelease(release, options);
  if (report.errors.length === 0 && report.warnings.length === 0) return;
  throw new Error(`${label} is not valid OCDS 1.1.5:\n${formatIssues(report)}`);
}

export function formatIssues(report: OcdsReport): string {
  return [
    ...report.errors.map((i) => `  error ${i.path || '/'}: ${i.message}`),
    ...report.warnings.map((i) => `  warning ${i.path || '/'}: ${i.message}`),
  ].join('\n');
}

function schemaIssue(e: ErrorObject, release: unknown): OcdsIssue {
  const path = e.instancePath;
  let message = e.message ?? e.keyword;
  const params = e.params as Record<string, unknown>;
  if (e.keyword === 'required') message = `is missing required property '${String(params.missingProperty)}'`;
  else if (e.keyword === 'additionalProperties') message += ` ('${String(params.additionalProperty)}')`;
  else if (e.keyword === 'enum') {
    const allowed = (params.allowedValues as unknown[]).map((v) => JSON.stringify(v));
    const shown = allowed.length > 12 ? [...allowed.slice(0, 12), `… ${allowed.length - 12} more`] : allowed;
    message += ` (${shown.join(', ')})`;
  }
  if (e.keyword !== 'required') message += `; got ${JSON.stringify(valueAt(release, path))}`;
  return { kind: 'schema', path, message };
}

function valueAt(root: unknown, pointer: string): unknown {
  if (pointer === '') return root;
  let node = root;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

interface WalkContext {
  closed: Map<string, readonly string[]>;
  options: OcdsCheckOptions;
  report: OcdsReport;
}

/** Follows the instance through the schema: codelist values and id uniqueness where the schema asks for them. */
function walk(root: SchemaNode, node: SchemaNode, value: unknown, path: string, ctx: WalkContext): void {
  const ref = node.$ref;
  if (typeof ref === 'string' && ref.startsWith('#/definitions/')) {
    const target = (root.definitions as Record<string, SchemaNode>)[ref.slice('#/definitions/'.length)];
    if (target) walk(root, target, value, path, ctx);
    return;
  }
  if (typeof node.codelist === 'string') checkCodelist(node, value, path, ctx);
  if (Array.isArray(value)) {
    const items = node.items as SchemaNode | undefined;
    if (node.uniqueItems === true) checkUniqueIds(value, path, ctx.report);
    if (items && !Array.isArray(items)) value.forEach((v, i) => walk(root, items, v, `${path}/${i}`, ctx));
  } else if (typeof value === 'object' && value !== null) {
    const properties = (node.properties ?? {}) as Record<string, SchemaNode>;
    for (const [key, v] of Object.entries(value)) {
      const child = properties[key];
      if (child) walk(root, child, v, `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, ctx);
    }
  }
}

function checkCodelist(node: SchemaNode, value: unknown, path: string, ctx: WalkContext): void {
  const list = node.codelist as string;
  const codes = Array.isArray(value)
    ? value.map((v, i) => [v, `${path}/${i}`] as const)
    : [[value, path] as const];
  const closed = ctx.closed.get(list);
  const open = OPEN_CODELISTS[list];
  for (const [code, at] of codes) {
    if (typeof code !== 'string') continue; // null or a wrong type: the schema reports it
    if (closed) {
      if (!closed.includes(code)) {
        ctx.report.errors.push({
          kind: 'codelist',
          path: at,
          message: `'${code}' is not a code of the closed codelist ${list} (${closed.join(', ')})`,
        });
      }
    } else if (open && !open.includes(code) && !(ctx.options.extraCodes?.[list] ?? []).includes(code)) {
      ctx.report.warnings.push({
        kind: 'codelist',
        path: at,
        message: `'${code}' is not a code of the open codelist ${list}; list it in extraCodes if it is a deliberate extension`,
      });
    }
  }
}

/** OCDS merges arrays of objects by `id`, so where the schema says uniqueItems, ids must not repeat. */
function checkUniqueIds(items: unknown[], path: string, report: OcdsReport): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || !('id' in item)) return;
    const id = (item as { id: unknown }).id;
    if (typeof id !== 'string' && typeof id !== 'number') return;
    const key = String(id);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      report.errors.push({
        kind: 'duplicate-id',
        path: `${path}/${i}`,
        message: `id '${key}' repeats ${path}/${first}`,
      });
  });
}

interface PartyRef {
  path: string;
  id: unknown;
  role: string;
}

function checkPartyReferences(release: unknown, report: OcdsReport): void {
  const r = (release ?? {}) as Record<string, unknown>;
  const roles = new Map<string, Set<string>>();
  for (const p of asArray(r.parties)) {
    const party = p as Record<string, unknown>;
    if (typeof party.id === 'string') roles.set(party.id, new Set(asArray(party.roles).map(String)));
  }
  const refs: PartyRef[] = [];
  const tender = (r.tender ?? {}) as Record<string, unknown>;
  if (r.buyer) refs.push({ path: '/buyer', id: (r.buyer as Record<string, unknown>).id, role: 'buyer' });
  if (tender.procuringEntity) {
    const id = (tender.procuringEntity as Record<string, unknown>).id;
    refs.push({ path: '/tender/procuringEntity', id, role: 'procuringEntity' });
  }
  asArray(tender.tenderers).forEach((t, i) =>
    refs.push({ path: `/tender/tenderers/${i}`, id: (t as Record<string, unknown>)?.id, role: 'tenderer' }),
  );
  const details = asArray(((r.bids ?? {}) as Record<string, unknown>).details);
  details.forEach((b, i) =>
    asArray((b as Record<string, unknown>)?.tenderers).forEach((t, j) =>
      refs.push({
        path: `/bids/details/${i}/tenderers/${j}`,
        id: (t as Record<string, unknown>)?.id,
        role: 'tenderer',
      }),
    ),
  );
  asArray(r.awards).forEach((a, i) =>
    asArray((a as Record<string, unknown>)?.suppliers).forEach((s, j) =>
      refs.push({
        path: `/awards/${i}/suppliers/${j}`,
        id: (s as Record<string, unknown>)?.id,
        role: 'supplier',
      }),
    ),
  );
  for (const ref of refs) {
    if (typeof ref.id !== 'string' && typeof ref.id !== 'number') {
      report.warnings.push({ kind: 'party-reference', path: ref.path, message: 'names no party id' });
      continue;
    }
    const declared = roles.get(String(ref.id));
    if (!declared) {
      report.warnings.push({
        kind: 'party-reference',
        path: ref.path,
        message: `id '${ref.id}' is not in parties[]`,
      });
    } else if (!declared.has(ref.role)) {
      report.warnings.push({
        kind: 'party-reference',
        path: ref.path,
        message: `party '${ref.id}' lacks the role '${ref.role}'`,
      });
    }
  }
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
