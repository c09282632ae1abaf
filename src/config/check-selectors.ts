/** Selector checking, for `run` and `list` alike; kept apart from config.ts so `list` loads no run machinery. */
import { catalogue } from '../cases/catalogue.ts';
import { describeUnknown, unknownSelectors } from '../cases/selectors.ts';
import { ConfigError } from './config-error.ts';

/** An unknown selector is an error (exit 2) that names the closest real one, for `run` and `list` alike. */
export function checkSelectors(selection: { only?: readonly string[]; skip?: readonly string[] }, names = { only: '--only', skip: '--skip' }): void {
  for (const [name, tokens] of [[names.only, selection.only ?? []], [names.skip, selection.skip ?? []]] as const) {
    const unknown = unknownSelectors(tokens, catalogue)[0];
    if (unknown !== undefined) throw new ConfigError(describeUnknown(name, unknown));
  }
}

