// OpenSLO v1 in and out. See import-openslo.ts and export-openslo.ts.

export { exportOpenSlo } from './export-openslo.js';
export { readOpenSloDocuments } from './import-openslo.js';
export {
  ANNOTATION,
  FOREWARN_EXTENSION_API_VERSION,
  OPENSLO_API_VERSION,
} from './openslo-schema.js';
