#!/usr/bin/env node
// Package entry point: loads the TypeScript CLI through tsx, so `npx scim-conformance` needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
