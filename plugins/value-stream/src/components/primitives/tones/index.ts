export {
  AA_CONTRAST,
  breachedRowColor,
  errorTextColor,
  opaque,
  readableOn,
  secondaryTextColor,
  textOn,
  toneColor,
  useTextStyles,
  useToneStyles,
} from './tones';
export type { Tone } from './tones';
