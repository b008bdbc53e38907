import { startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  type TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import scaffolderModuleValueStream from './index';

describe('scaffolderModuleValueStream', () => {
  it('adds the Value Stream actions, all supporting dry run', async () => {
    const actions: TemplateAction[] = [];
    await startTestBackend({
      extensionPoints: [
        [
          scaffolderActionsExtensionPoint,
          {
            addActions: (...added: TemplateAction[]) => actions.push(...added),
          },
        ],
      ],
      features: [scaffolderModuleValueStream],
    });
    expect(actions.map(a => a.id)).toEqual([
      'valuestream:change:create',
      'valuestream:service-level:propose',
      'valuestream:stage:get',
      'valuestream:publish:local-directory',
    ]);
    expect(actions.every(a => a.supportsDryRun)).toBe(true);
    // zod schemas become JSON schemas for the template editor.
    expect(actions[0].schema?.input).toMatchObject({
      type: 'object',
      required: ['entityRef', 'title', 'description'],
    });
  });
});
