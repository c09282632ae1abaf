import { registerArea } from './harness.ts';

registerArea('connection');
