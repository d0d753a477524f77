import type { Recipe, SettingKey } from '../../../src-shared/contract/recipe';
import { describeSource, sourceBadge } from '../../../src-shared/domain/report/describeSource';
import { SETTING_LABELS, settingText } from '../../../src-shared/domain/report/reportSummary';

/** Every setting of the recipe, with its source on hover and as a badge. */
export function SettingsTable({ recipe }: { recipe: Recipe }) {
  const keys = (Object.keys(SETTING_LABELS) as SettingKey[]).filter((k) => recipe.settings[k] !== undefined);
  return (
    <table className="recipe-settings" data-testid="recipe-settings">
      <thead>
        <tr>
          <th>Setting</th>
          <th>Value</th>
          <th>Source</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((key) => {
          const source = recipe.sources[key];
          return (
            <tr key={key}>
              <th scope="row">{SETTING_LABELS[key]}</th>
              <td>
                <span className="src" title={describeSource(source)} data-setting={key}>
                  {settingText(key, recipe.settings)}
                </span>
              </td>
              <td>
                <span className={`badge badge-${sourceBadge(source)}`} title={describeSource(source)}>
                  {sourceBadge(source)}
                  {source?.kind === 'verified' ? ` · step ${source.stepId}` : ''}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
