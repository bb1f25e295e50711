// Something worth telling the operator that does not stop the config from loading.

import { formatPath } from './config-error.js';
import type { Where } from './source-document.js';

export interface ConfigNote {
  file: string;
  path: string;
  line?: number;
  message: string;
}

export function noteAt(where: Where, message: string): ConfigNote {
  const line = where.source.lineOf(where.path);
  return {
    file: where.source.file,
    path: formatPath([...where.source.displayPrefix, ...where.path]),
    ...(line === undefined ? {} : { line }),
    message,
  };
}
