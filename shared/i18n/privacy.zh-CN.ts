import type { Catalog } from './en';

/** `privacy` 命名空间的简体中文（议题 12）：个人密钥、联系人数据导出与删除。 */
export const privacyZhCN: Catalog['privacy'] = {
  erasedName: '已删除的联系人 {{tag}}',
  key: {
    title: '私人备注密钥',
    intro:
      '您的私人备注用只有您自己的电脑才持有的密钥加密：同事、共享文件夹及其管理员都无法读取。若要在另一台电脑上阅读，请在此生成转移码，并在那台电脑上输入。',
    none: '尚无密钥：写第一条私人备注时会自动生成。',
    held: '本机持有您的密钥（{{ids}}）。',
    needMe: '请先选择使用本机的团队成员：密钥属于某位成员。',
    export: '生成转移码',
    exportHint: '请在 {{time}} 之前在另一台电脑上（设置 → 私人备注密钥）输入此码。任何拿到此码的人都能读取您的私人备注：请勿通过邮件或聊天发送。',
    code: '转移码',
    import: '使用转移码',
    importLabel: '来自另一台电脑的转移码',
    imported: '已收到密钥。两台电脑上写的私人备注在下次同步后都可在两台电脑上阅读。',
  },
  export: {
    action: '导出数据',
    title: '个人数据导出：{{name}}',
    intro: 'Rapport 保存的关于此人的全部数据，用于个人信息查阅请求（PIPL / GDPR）。',
    json: '下载 JSON',
    print: '打印或另存为 PDF',
    includePrivate: '包括我的私人备注',
    exportedAt: '由 {{who}} 于 {{when}} 导出',
    nobody: '未指定成员',
    fields: '个人与角色信息',
    history: '跟踪字段的变更历史',
    notes: '我的私人备注',
    notesWithheld: '其他成员的 {{count}} 条私人备注未包含在内（只有作者本人能读取）。',
    notesWithheld_other: '其他成员的 {{count}} 条私人备注未包含在内（只有作者本人能读取）。',
    touchpoints: '提及此人的接触记录',
    followUps: '这些接触记录的跟进事项',
    links: '影响关系',
    related: '提及此人的其他记录',
    none: '无。',
    back: '返回联系人',
  },
  erase: {
    action: '删除个人数据',
    title: '删除 {{name}} 的个人数据？',
    body: '这将在团队的所有设备上删除此人的姓名、职务、电话、邮箱、首选渠道、联系频率、沟通策略、私人备注以及这些字段的历史。接触记录仍会以“{{placeholder}}”指代此人。此操作无法撤销。',
    confirmLabel: '输入此人的姓名以确认',
    confirm: '删除',
    done: '个人数据已删除。各设备将在下次同步时删除。',
    banner: '个人数据已由 {{who}} 于 {{when}} 删除。',
    someone: '一位团队成员',
  },
  cli: {
    keyExported: '转移码（有效期至 {{time}}；请在另一台电脑上用 `rapport me key-import --code CODE` 输入）：',
    keyImported: '已收到密钥（{{count}} 条备注已用它重新加密）。',
    needId: '请指定联系人：`rapport person {{verb}} PERSON_ID`。',
    needYes: '删除无法撤销：加上 --yes 以删除 {{name}}。',
    erased: '已删除：{{name}}。',
    meUsage: '用法：rapport me key-export | rapport me key-import --code CODE',
    personUsage: '用法：rapport person export PERSON_ID --format json [--include-private] | rapport person erase PERSON_ID --yes',
  },
};

/** 被拒绝的隐私调用的提示，位于 `errors.privacy.` 之下。 */
export const privacyErrorsZhCN: Catalog['errors']['privacy'] = {
  noMe: '请先选择使用本机的团队成员（设置 →“本机使用者”，或在命令行用 --as）：私人备注及其密钥属于某位成员。',
  erased: '此人的个人数据已被删除：不能再为其添加个人信息。',
  codeMalformed: '这不是转移码。请完整复制另一台电脑上显示的转移码（以 RPK1. 开头）后重试。',
  codeWrong: '此转移码无法解开：可能输错或被改动。请在另一台电脑上重新生成并再次输入。',
  codeExpired: '此转移码已过期。请在另一台电脑上重新生成，并在 30 分钟内输入。',
  codeOtherMember: '此转移码属于另一位团队成员。请把自己选为本机使用者，或在您自己的电脑上生成转移码。',
};
