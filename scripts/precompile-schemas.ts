/**
 * Part of `npm run build`: writes ajv's standalone validators for schemas/ next to the compiled validator
 * (dist/schema/precompiled-schemas.cjs), so a run neither loads ajv nor compiles a schema.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PRECOMPILED_FILE } from '../src/schema/precompiled.ts';
import { precompiledSource } from '../src/schema/validator.ts';

const target = fileURLToPath(new URL(`../dist/schema/${PRECOMPILED_FILE}`, import.meta.url));
writeFileSync(target, precompiledSource());
console.log(`wrote ${target}`);
