/**
 * Every value the run's test data generator handed out, so reports can set them aside: `diff` and
 * `--write-baseline` replace exactly these strings (a name, an e-mail, a phone number) by a placeholder named
 * after the attribute, whatever the generator's shape of names (any script, apostrophes, guest UPNs). The
 * generator is watched from outside (a proxy): a value counts as generated when a twin generator with
 * another seed, asked the same, hands out something else; constants (`en-US`, `US`) stay as they are.
 */
import { TestData } from './test-data.ts';

export interface GeneratedValue {
  value: string;
  /** The attribute it was generated for (`givenName`, `userName`), the placeholder's name. */
  label: string;
}

export class GeneratedRegistry {
  private readonly labels = new Map<string, string>();

  record(value: string, label: string): void {
    if (value.length >= 2 && !this.labels.has(value)) this.labels.set(value, label);
  }

  entries(): GeneratedValue[] {
    return [...this.labels].map(([value, label]) => ({ value, label }));
  }
}

/** `data` itself, watched: each method's result is compared with the twin's and its generated strings recorded. */
export function recordingTestData(data: TestData, registry: GeneratedRegistry): TestData {
  return watched(data, new TestData({ ...data.options, seed: data.options.seed + 7919 }), registry);
}

function watched(data: TestData, twin: TestData, registry: GeneratedRegistry): TestData {
  return new Proxy(data, {
    get(target, property, receiver) {
      const member = Reflect.get(target, property, receiver) as unknown;
      if (typeof member !== 'function') return member;
      // A case's own view (several cases at a time) is watched too, against the twin's view of the same case.
      if (property === 'forCase') return (caseIndex: number) => watched(target.forCase(caseIndex), twin.forCase(caseIndex), registry);
      return (...args: unknown[]) => {
        const result = (member as (...a: unknown[]) => unknown).apply(target, args);
        const twinMember = Reflect.get(twin, property) as unknown;
        const other = typeof twinMember === 'function' ? (twinMember as (...a: unknown[]) => unknown).apply(twin, args) : undefined;
        collect(result, other, String(property), registry);
        return result;
      };
    },
  });
}

function collect(value: unknown, twin: unknown, label: string, registry: GeneratedRegistry): void {
  if (typeof value === 'string') {
    if (value !== twin) registry.record(value, label);
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => collect(item, Array.isArray(twin) ? twin[index] : undefined, label, registry));
    return;
  }
  if (value !== null && typeof value === 'object') {
    const other = twin !== null && typeof twin === 'object' ? (twin as Record<string, unknown>) : {};
    for (const [key, item] of Object.entries(value)) collect(item, other[key], key, registry);
  }
}

/** Values shorter than this are replaced only as whole words. */
const SHORT = 5;

/** Replaces every generated value (as written, URL-encoded or form-encoded, in any letter case) by `{label}`. */
export function setAsideGenerated(text: string, generated: readonly GeneratedValue[]): string {
  const forms = new Map<string, string>();
  for (const { value, label } of generated) {
    for (const form of [value, encodeURIComponent(value), encodeURIComponent(value).replace(/%20/g, '+')]) {
      if (!forms.has(form.toLowerCase())) forms.set(form.toLowerCase(), `{${label}}`);
    }
  }
  if (forms.size === 0) return text;
  // Longest first, so a userName that contains a given name is replaced whole. A short value (a region code,
  // `CA`) only as a whole word, so it never eats into "case"; a longer one anywhere (after `%22` too).
  const keys = [...forms.keys()].sort((a, b) => b.length - a.length);
  const long = keys.filter((key) => key.length >= SHORT).map(escapeRegExp);
  const short = keys.filter((key) => key.length < SHORT).map(escapeRegExp);
  const parts = [...(long.length > 0 ? [`(?:${long.join('|')})`] : []), ...(short.length > 0 ? [`(?<![\\p{L}\\p{N}])(?:${short.join('|')})(?![\\p{L}\\p{N}])`] : [])];
  const pattern = new RegExp(parts.join('|'), 'giu');
  return text.replace(pattern, (match) => forms.get(match.toLowerCase()) ?? match);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
