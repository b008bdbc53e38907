import { useTranslationRef } from '@backstage/frontend-plugin-api';
import { Typography } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  ApprovalRequirementStatus,
  ChangeApprovalStatus as Status,
} from '@valuestream/plugin-value-stream-common';
import useAsync from 'react-use/esm/useAsync';
import { valueStreamApiRef } from '../../../api';
import {
  valueStreamTranslationRef,
  type ValueStreamT,
} from '../../../translation';

/** Props of {@link ChangeApprovalStatus}. */
export interface ChangeApprovalStatusProps {
  changeId: string;
  /** Reloads the status when it changes, e.g. the change's version. */
  version?: number;
}

const short = (ref: string) => ref.replace(/^user:(default\/)?/, '');

/** One unmet requirement in words: how many approvals from whom. */
function missingText(t: ValueStreamT, r: ApprovalRequirementStatus) {
  const count = r.missing;
  if (r.id === 'owner') {
    return t('approvalStatus.owner', { group: r.group ?? '' });
  }
  if (r.group) {
    return t('approvalStatus.authority', { count, group: r.group });
  }
  return t('approvalStatus.anyApprover', { count });
}

function outsideText(
  t: ValueStreamT,
  status: Status,
  r: ApprovalRequirementStatus,
) {
  const team = status.requestingTeam;
  if (!team || r.missingOutsideTeam === 0) {
    return '';
  }
  return r.missingOutsideTeam === r.missing
    ? t('approvalStatus.outsideAll', { team })
    : t('approvalStatus.outsideSome', {
        outside: String(r.missingOutsideTeam),
        team,
      });
}

/**
 * Who still has to decide on a change under the approval policy: each
 * unmet requirement (how many approvals from which group, from outside the
 * requesting team, the owner's) and who approved so far.
 */
export const ChangeApprovalStatus = ({
  changeId,
  version,
}: ChangeApprovalStatusProps) => {
  const { t } = useTranslationRef(valueStreamTranslationRef);
  const api = useApi(valueStreamApiRef);
  const { value, loading, error } = useAsync(
    () => api.getChangeApprovalStatus(changeId),
    [api, changeId, version],
  );
  if (loading) {
    return (
      <Typography variant="body2" color="textSecondary">
        {t('approvalStatus.loading')}
      </Typography>
    );
  }
  if (error || !value) {
    return (
      <Typography variant="body2" color="error">
        {t('approvalStatus.error', { message: error?.message ?? '' })}
      </Typography>
    );
  }
  if (value.preAuthorized) {
    return (
      <Typography variant="body2">
        {t('approvalStatus.preAuthorized')}
      </Typography>
    );
  }
  if (value.rejectedBy) {
    return (
      <Typography variant="body2">
        {t('approvalStatus.rejected', { approver: short(value.rejectedBy) })}
      </Typography>
    );
  }
  const approvers = [
    ...new Set(value.requirements.flatMap(r => r.approvedBy)),
  ].map(short);
  return (
    <div aria-label={t('approvalStatus.title')}>
      {value.complete ? (
        <Typography variant="body2">{t('approvalStatus.complete')}</Typography>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {value.requirements
            .filter(r => r.missing > 0)
            .map(r => (
              <li key={r.id}>
                <Typography variant="body2" component="span">
                  {missingText(t, r)}
                  {outsideText(t, value, r)}
                </Typography>{' '}
                {r.group && (
                  <Typography variant="caption" component="span">
                    (<EntityRefLink entityRef={r.group} />)
                  </Typography>
                )}
              </li>
            ))}
        </ul>
      )}
      {approvers.length > 0 && (
        <Typography variant="caption" color="textSecondary">
          {t('approvalStatus.approvedBy', { approvers: approvers.join(', ') })}
        </Typography>
      )}
    </div>
  );
};
