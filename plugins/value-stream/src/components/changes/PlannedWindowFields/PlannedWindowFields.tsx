import { useTranslationRef } from '@backstage/frontend-plugin-api';
import type { FieldBinding } from '../../../hooks/useFormValues';
import { FormTextField } from '../../primitives/FormFields';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link PlannedWindowFields}. */
export interface PlannedWindowFieldsProps {
  /** The start, as the value of a `datetime-local` input. */
  start: FieldBinding<string>;
  end: FieldBinding<string>;
}

/** The planned window of a change: start and end side by side. */
export const PlannedWindowFields = ({
  start,
  end,
}: PlannedWindowFieldsProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  return (
    <>
      <FormTextField
        {...start}
        xs={6}
        label={t('requestChange.plannedStart')}
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
      />
      <FormTextField
        {...end}
        xs={6}
        label={t('requestChange.plannedEnd')}
        type="datetime-local"
        InputLabelProps={{ shrink: true }}
      />
    </>
  );
};
