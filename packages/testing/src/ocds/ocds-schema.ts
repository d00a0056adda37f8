import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { mergePatch } from './merge-patch.ts';

export const OCDS_SCHEMA_DIR = fileURLToPath(new URL('../../ocds-schema/1.1.5/', import.meta.url));
export const CORE_SCHEMA_FILE = `${OCDS_SCHEMA_DIR}release-schema.json`;
export const BIDS_EXTENSION_FILE = `${OCDS_SCHEMA_DIR}bids-extension-release-schema.json`;

export type SchemaNode = Record<string, unknown>;

let merged: SchemaNode | undefined;

/** The OCDS 1.1.5 release schema with the bids extension applied as an RFC 7386 merge patch (read once). */
export function releaseSchemaWithBids(): SchemaNode {
  merged ??= mergePatch(readJson(CORE_SCHEMA_FILE), readJson(BIDS_EXTENSION_FILE)) as SchemaNode;
  return merged;
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8'));
}
