/** The suite's own name and version, from package.json, for reports and --version. */
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

export const TOOL = { name: manifest.name, version: manifest.version };
