import {
  alpha,
  darken,
  decomposeColor,
  getContrastRatio,
  lighten,
  makeStyles,
  recomposeColor,
  type Theme,
} from '@material-ui/core/styles';

/** The colour a status chip takes: what a state, priority or band means. */
export type Tone = 'good' | 'bad' | 'active' | 'neutral' | 'warning';

/** WCAG 2.1 AA for normal text, which chip labels and captions are. */
export const AA_CONTRAST = 4.5;

/**
 * The theme's colour of a tone. The text on it is chosen separately, so
 * the palette's main colours can stay as the theme sets them.
 */
export function toneColor(theme: Theme, tone: Exclude<Tone, 'neutral'>) {
  const { palette } = theme;
  switch (tone) {
    case 'good':
      return palette.success?.main ?? '#2e7d32';
    case 'bad':
      return palette.error.main;
    case 'warning':
      return palette.warning?.main ?? '#ed6c02';
    case 'active':
    default:
      return palette.info?.main ?? palette.primary.main;
  }
}

/**
 * Black or white, whichever reads better on a background. One of the two
 * always reaches 4.5:1 on an opaque colour, which MUI's `getContrastText`
 * (threshold 3:1) does not promise: it puts white on the default info blue.
 */
export function textOn(theme: Theme, background: string): string {
  const { white, black } = theme.palette.common;
  return getContrastRatio(white, background) >=
    getContrastRatio(black, background)
    ? white
    : black;
}

/**
 * A translucent colour as it shows on an opaque background. Contrast is
 * only defined between opaque colours; MUI's `getContrastRatio` ignores
 * the alpha channel, which overrates grey text such as `text.secondary`.
 */
export function opaque(color: string, background: string): string {
  const fg = decomposeColor(color);
  const a = fg.values[3] ?? 1;
  const bg = decomposeColor(background).values;
  const mix = [0, 1, 2].map(i =>
    Math.round(fg.values[i] * a + bg[i] * (1 - a)),
  ) as [number, number, number];
  return recomposeColor({ type: 'rgb', values: mix });
}

/**
 * A colour for text on all of `backgrounds` (light ones or dark ones) that
 * keeps its hue and reaches `ratio`: darkened on light backgrounds,
 * lightened on dark ones, in small steps so it stays close to the theme.
 */
export function readableOn(
  color: string,
  backgrounds: string | string[],
  ratio: number = AA_CONTRAST,
): string {
  const all = ([] as string[]).concat(backgrounds);
  const lightSurfaces =
    getContrastRatio(all[0], '#000') > getContrastRatio(all[0], '#fff');
  const reads = (c: string) =>
    all.every(s => getContrastRatio(opaque(c, s), s) >= ratio);
  let result = color;
  for (let step = 1; step <= 20 && !reads(result); step++) {
    result = lightSurfaces
      ? darken(color, step * 0.05)
      : lighten(color, step * 0.05);
  }
  return result;
}

/** The page and card backgrounds that our text sits on. */
function surfaces(theme: Theme): string[] {
  return [theme.palette.background.default, theme.palette.background.paper];
}

/** The tint of a table row whose SLA is breached. */
export function breachedRowColor(theme: Theme): string {
  return alpha(
    theme.palette.error.main,
    theme.palette.type === 'dark' ? 0.16 : 0.08,
  );
}

/**
 * Grey text (captions, filter labels) that reads on the page. The target
 * is 5:1, not 4.5:1: host apps lay pages on slightly different greys than
 * the theme's `background.default` (#f5f5f5 against #f8f8f8), and the
 * theme's own grey only just passes on the latter.
 */
export function secondaryTextColor(theme: Theme): string {
  const page = theme.palette.background.default;
  return readableOn(
    opaque(theme.palette.text.secondary, page),
    surfaces(theme),
    5,
  );
}

/** Error text (a breached SLA) that reads on the page and a breached row. */
export function errorTextColor(theme: Theme): string {
  const tint = breachedRowColor(theme);
  return readableOn(theme.palette.error.main, [
    ...surfaces(theme),
    ...surfaces(theme).map(s => opaque(tint, s)),
  ]);
}

function chip(theme: Theme, tone: Exclude<Tone, 'neutral'>) {
  const backgroundColor = toneColor(theme, tone);
  return { backgroundColor, color: textOn(theme, backgroundColor) };
}

/**
 * Chip classes per tone, shared by the state, expiry, DORA band and board
 * chips so one status reads the same everywhere, in light and dark themes.
 */
export const useToneStyles = makeStyles(
  theme => ({
    good: chip(theme, 'good'),
    bad: chip(theme, 'bad'),
    warning: chip(theme, 'warning'),
    active: chip(theme, 'active'),
    neutral: {},
  }),
  { name: 'ValueStreamTone' },
);

/** Text colours with AA contrast: grey captions and labels, error text. */
export const useTextStyles = makeStyles(
  theme => ({
    secondary: { color: secondaryTextColor(theme) },
    error: { color: errorTextColor(theme) },
  }),
  { name: 'ValueStreamText' },
);
