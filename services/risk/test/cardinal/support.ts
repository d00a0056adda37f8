import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { assertValidRelease, mergePatch } from '@zakupai/testing/ocds';
import {
  parseCardinalIni,
  runCardinal,
  toCardinalJson,
  type CardinalJson,
  type CardinalResult,
} from '../../src/domain/cardinal/index.ts';

export const FIXTURES = new URL('./fixtures/', import.meta.url);

/** Reads a JSON Lines fixture, validating every release as OCDS 1.1.5 + bids (an invalid one is a fixture bug). */
export function readJsonl(name: string): unknown[] {
  const text = readFileSync(new URL(name, FIXTURES), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      const release: unknown = JSON.parse(line);
      assertValidRelease(release, {}, `${name}:${i + 1}`);
      return release;
    });
}

export interface GoldenCase {
  name: string;
  /** Cardinal's settings file, INI. */
  settings: string;
  /** Each release is an RFC 7386 merge patch over the file's `base`. */
  releases: Array<Record<string, unknown>>;
  /** Cardinal's output without Meta: `{OCID: {…}, Tenderer: {…}}`. */
  expected: CardinalJson;
  /** Cardinal's Meta, rounded to 4 decimals, when the case pins it. */
  meta?: CardinalJson['Meta'];
}

export interface GoldenFile {
  base: Record<string, unknown>;
  cases: GoldenCase[];
}

/** A hand-made golden file: its cases with every release merged onto `base` and validated as OCDS. */
export function readGolden(name: string): Array<Omit<GoldenCase, 'releases'> & { releases: unknown[] }> {
  const file = parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as GoldenFile;
  return file.cases.map((c) => ({
    ...c,
    releases: c.releases.map((patch, i) => {
      const release = mergePatch(file.base, patch);
      assertValidRelease(release, {}, `${name} "${c.name}" release ${i + 1} (${String(patch.ocid)})`);
      return release;
    }),
  }));
}

export function run(
  settingsIni: string,
  releases: unknown[],
): { result: CardinalResult; json: CardinalJson } {
  const { settings } = parseCardinalIni(settingsIni);
  const result = runCardinal(releases, settings);
  return { result, json: toCardinalJson(result) };
}

/** Cardinal's output without `Meta` (its `--no-meta`). */
export function results(json: CardinalJson): CardinalJson {
  const { Meta: _meta, Maps: _maps, ...rest } = json;
  return rest;
}
