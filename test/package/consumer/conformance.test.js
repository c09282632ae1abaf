// A vendor's test file: the whole suite, each case a vitest test (here against the embedded server).
import { registerEntraSuites } from 'scim-conformance/vitest';

registerEntraSuites({ embedded: true, profile: 'akamai-eaa', seed: 7 });
