import { fileURLToPath } from 'node:url';

/** Files shipped in the package's examples/ folder (dist/cli → ../../examples). */
export function exampleConfigPath(name = 'forewarn.yaml'): string {
  return fileURLToPath(new URL(`../../examples/${name}`, import.meta.url));
}
