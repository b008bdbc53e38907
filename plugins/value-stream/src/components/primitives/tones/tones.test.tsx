import { render, screen } from '@testing-library/react';
import { ThemeProvider } from '@material-ui/core';
import {
  createTheme,
  getContrastRatio,
  type Theme,
} from '@material-ui/core/styles';
import { darkTheme, lightTheme } from '@backstage/theme';
import { humanize } from '../../../lib/format';
import { StateChip } from '../StateChip';
import {
  AA_CONTRAST,
  breachedRowColor,
  errorTextColor,
  opaque,
  readableOn,
  secondaryTextColor,
  textOn,
  toneColor,
} from './tones';

const THEMES: Array<[string, Theme]> = [
  ['Backstage light', lightTheme],
  ['Backstage dark', darkTheme],
  ['Material UI light', createTheme()],
  ['Material UI dark', createTheme({ palette: { type: 'dark' } })],
];
const TONES = ['good', 'bad', 'warning', 'active'] as const;

/** `rgb(r, g, b)` as the browser reports a computed colour, to hex. */
function hex(rgb: string): string {
  const [r, g, b] = rgb.match(/\d+/g)!.map(Number);
  return `#${[r, g, b].map(c => c.toString(16).padStart(2, '0')).join('')}`;
}

describe.each(THEMES)('tones in the %s theme', (_name, theme) => {
  it.each(TONES)('puts AA-contrast text on a %s chip', tone => {
    const background = toneColor(theme, tone);
    expect(
      getContrastRatio(textOn(theme, background), background),
    ).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it('renders state chips with AA contrast', () => {
    render(
      <ThemeProvider theme={theme}>
        {['resolved', 'failed', 'new', 'in_progress'].map(state => (
          <StateChip key={state} value={state} label={humanize(state)} />
        ))}
      </ThemeProvider>,
    );
    for (const label of ['Resolved', 'Failed', 'New', 'In progress']) {
      const chip = screen.getByText(label).parentElement!;
      const style = getComputedStyle(chip);
      expect(
        getContrastRatio(hex(style.color), hex(style.backgroundColor)),
      ).toBeGreaterThanOrEqual(AA_CONTRAST);
    }
  });

  it('makes error and grey text readable on the page, cards and breached rows', () => {
    const { background } = theme.palette;
    const surfaces = [background.default, background.paper];
    const tinted = surfaces.map(s => opaque(breachedRowColor(theme), s));
    for (const surface of [...surfaces, ...tinted]) {
      expect(
        getContrastRatio(errorTextColor(theme), surface),
      ).toBeGreaterThanOrEqual(AA_CONTRAST);
    }
    for (const surface of surfaces) {
      expect(
        getContrastRatio(secondaryTextColor(theme), surface),
      ).toBeGreaterThanOrEqual(AA_CONTRAST);
    }
  });
});

describe('opaque', () => {
  it('blends a translucent colour into its background', () => {
    expect(opaque('rgba(0, 0, 0, 0.5)', '#ffffff')).toBe('rgb(128, 128, 128)');
    expect(opaque('#123456', '#ffffff')).toBe('rgb(18, 52, 86)');
  });
});

describe('readableOn', () => {
  it('keeps a colour that already reads well', () => {
    expect(readableOn('#1f5493', '#ffffff')).toBe('#1f5493');
  });

  it('darkens on a light background and lightens on a dark one', () => {
    const onLight = readableOn('#ff9800', '#ffffff');
    const onDark = readableOn('#1f5493', '#333333');
    expect(getContrastRatio(onLight, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(getContrastRatio(onDark, '#333333')).toBeGreaterThanOrEqual(4.5);
    expect(getContrastRatio(onLight, '#000000')).toBeLessThan(
      getContrastRatio('#ff9800', '#000000'),
    );
  });
});
