export {
  breachedRowColor,
  errorTextColor,
  secondaryTextColor,
  textOn,
  toneColor,
  useTextStyles,
  useToneStyles,
} from './tones';
export type { Tone } from './tones';
