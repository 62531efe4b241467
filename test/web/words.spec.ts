import { resources } from '../../apps/web/src/i18n/resources';

/** Every key path of a translation tree, e.g. "audit.actions.round.created". */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('the web app’s words', () => {
  // The type holds most of the English to the Chinese shape; tables typed as plain records
  // (the audit log's actions, label columns) it cannot, so a key missing in one language
  // would show its code there.
  it('has the same keys in Chinese and in English', () => {
    const zh = keys(resources['zh-CN'].translation).sort();
    const en = keys(resources.en.translation).sort();
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
  });
});
