/** Offline OCDS 1.1.5 (+ bids extension) validation for tests: `import { assertValidRelease } from '@zakupai/testing/ocds'`. */
export { mergePatch } from './ocds/merge-patch.ts';
export { releaseSchemaWithBids, CORE_SCHEMA_FILE, BIDS_EXTENSION_FILE } from './ocds/ocds-schema.ts';
export { OPEN_CODELISTS, closedCodelists } from './ocds/codelists.ts';
export {
  checkRelease,
  assertValidRelease,
  formatIssues,
  type OcdsIssue,
  type OcdsReport,
  type OcdsCheckOptions,
} from './ocds/validate-ocds.ts';
