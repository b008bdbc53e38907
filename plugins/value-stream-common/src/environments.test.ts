import { isProductionEnvironment } from './environments';

describe('isProductionEnvironment', () => {
  it.each([
    ['production', true],
    ['Production', true],
    ['prod', true],
    ['prd', true],
    ['live', true],
    ['eu-west/production', true],
    ['prod-eu', true],
    ['github-pages:live', true],
    ['staging', false],
    ['preprod', false],
    ['nonprod', false],
    ['dev', false],
    ['delivery', false],
    ['', false],
  ])('%j is production: %s', (name, expected) => {
    expect(isProductionEnvironment(name)).toBe(expected);
  });
});
