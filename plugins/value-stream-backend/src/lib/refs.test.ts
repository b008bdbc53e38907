import { InputError } from '@backstage/errors';
import { qualifyRef } from './refs';

describe('qualifyRef', () => {
  it('completes names to refs', () => {
    expect(qualifyRef('Team-A', 'group', 'owner')).toBe('group:default/team-a');
    expect(qualifyRef('system:ops/Core', 'system', 'system')).toBe(
      'system:ops/core',
    );
    expect(qualifyRef('system:core', 'system', 'system')).toBe(
      'system:default/core',
    );
  });

  it('refuses what is not a ref, naming the query parameter', () => {
    expect(() => qualifyRef('group:default/', 'group', 'owner')).toThrow(
      InputError,
    );
    expect(() => qualifyRef('group:default/', 'group', 'owner')).toThrow(
      expect.objectContaining({
        fields: [{ path: 'owner', message: expect.any(String) }],
      }),
    );
  });
});
