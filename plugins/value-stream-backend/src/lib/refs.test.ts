import { InputError } from '@backstage/errors';
import { qualifyRef } from './refs';

describe('qualifyRef', () => {
  it('completes names to refs', () => {
    expect(qualifyRef('Team-A', 'group')).toBe('group:default/team-a');
    expect(qualifyRef('system:ops/Core', 'system')).toBe('system:ops/core');
    expect(qualifyRef('system:core', 'system')).toBe('system:default/core');
  });

  it('refuses what is not a ref', () => {
    expect(() => qualifyRef('group:default/', 'group')).toThrow(InputError);
  });
});
