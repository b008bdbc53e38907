import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import type { RecordHeadline } from '@valuestream/plugin-value-stream-common';
import { Button } from '@material-ui/core';
import type { Collection, CollectionRecords } from '../../../api';
import { transitionsFor } from '../../../lib/lifecycle';
import { useActionPermission } from '../../../lib/permissions';
import { TransitionDialog } from '../TransitionDialog';
import { valueStreamTranslationRef } from '../../../translation';
import { useLabels } from '../../../hooks/useLabels';

/** Props of {@link RecordTransitionButton}. */
export interface RecordTransitionButtonProps<C extends Collection> {
  collection: C;
  record: RecordHeadline<CollectionRecords[C]>;
  onChanged: () => void;
}

/**
 * A "Move" button that opens the transition dialog of a record. It shows
 * only when the record's lifecycle allows a next state and the user may
 * move records of this service.
 */
export const RecordTransitionButton = <C extends Collection>({
  collection,
  record,
  onChanged,
}: RecordTransitionButtonProps<C>) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const { recordNoun, recordTitle } = useLabels();
  const [open, setOpen] = useState(false);
  const transition = useActionPermission(
    'transition',
    collection,
    record.entityRef,
  );
  // Agreeing a service level takes its own permission on top of transition.
  const agree = useActionPermission('agree', collection, record.entityRef);
  const targets = transitionsFor(collection, record).filter(
    to => collection !== 'service-levels' || to !== 'agreed' || agree.allowed,
  );

  if (!transition.allowed || targets.length === 0) {
    return null;
  }
  return (
    <>
      <Button
        size="small"
        variant="outlined"
        onClick={() => setOpen(true)}
        aria-label={t('transition.buttonLabel', {
          noun: recordNoun(collection),
          title: recordTitle(collection, record),
        })}
      >
        {t('transition.button')}
      </Button>
      {open && (
        <TransitionDialog
          open
          collection={collection}
          record={record}
          targets={targets}
          onClose={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            onChanged();
          }}
        />
      )}
    </>
  );
};
