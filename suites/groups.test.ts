import { registerArea } from './harness.ts';

registerArea('groups');
