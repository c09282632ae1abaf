/**
 * Part of `npm run build`: writes ajv's standalone validators for schemas/ next to the compiled validator
 * (dist/schema/precompiled-schemas.cjs), so a run neither loads ajv nor compiles a schema. An argument names
 * another build folder than dist/ (the package test builds into a temporary one).
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRECOMPILED_FILE } from '../src/schema/precompiled.ts';
import { precompiledSource } from '../src/schema/validator.ts';

const distDir = process.argv[2] === undefined ? fileURLToPath(new URL('../dist/', import.meta.url)) : resolve(process.argv[2]);
const target = join(distDir, 'schema', PRECOMPILED_FILE);
writeFileSync(target, precompiledSource());
console.log(`wrote ${target}`);
