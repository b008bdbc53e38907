import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { useState } from 'react';
import { Button } from '@material-ui/core';
import type {
  ChangeRecord,
  RecordHeadline,
} from '@valuestream/plugin-value-stream-common';
import { useActionPermission } from '../../../lib/permissions';
import { ApprovalDialog } from '../ApprovalDialog';
import { valueStreamTranslationRef } from '../../../translation';

/** Props of {@link ApproveChangeButton}. */
export interface ApproveChangeButtonProps {
  change: RecordHeadline<ChangeRecord>;
  onChanged: () => void;
}

/**
 * An "Approve or reject" button for a change waiting for authorization,
 * shown only to users who may approve changes of the service.
 */
export const ApproveChangeButton = ({
  change,
  onChanged,
}: ApproveChangeButtonProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const [open, setOpen] = useState(false);
  const { allowed } = useActionPermission(
    'approve',
    'changes',
    change.entityRef,
  );
  if (change.state !== 'authorize' || !allowed) {
    return null;
  }
  return (
    <>
      <Button
        size="small"
        color="primary"
        variant="outlined"
        onClick={() => setOpen(true)}
        aria-label={t('approval.buttonLabel', { title: change.title })}
      >
        {t('approval.button')}
      </Button>
      {open && (
        <ApprovalDialog
          open
          change={change}
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
