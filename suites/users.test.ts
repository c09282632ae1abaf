import { registerArea } from './harness.ts';

registerArea('users');
