/** The help a user reads names every built-in profile the tool ships (fixtures/profiles/), so docs match behaviour. */
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.ts';
import { ENVIRONMENT_HELP } from '../src/cli/environment-help.ts';
import { listProfileIds } from '../src/profiles/profile.ts';

describe('help names the built-in profiles', () => {
  const program = buildProgram(() => {});
  const helpOf = (name: string): string => program.commands.find((command) => command.name() === name)?.helpInformation() ?? '';

  it.each(['run', 'load'])('%s --help lists every built-in profile', (name) => {
    const help = helpOf(name).replace(/\s+/g, ' ');
    expect(help).not.toBe('');
    for (const id of listProfileIds()) expect(help).toContain(id);
  });

  it('the environment help lists every built-in profile for SCIM_PROFILE', () => {
    const line = ENVIRONMENT_HELP.split('\n').find((text) => text.includes('SCIM_PROFILE')) ?? '';
    for (const id of listProfileIds()) expect(line).toContain(id);
  });
});
