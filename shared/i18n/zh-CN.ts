import type { Catalog } from './en';

/** 简体中文。键必须与英文目录一一对应（类型检查会发现遗漏）。 */
export const zhCN: Catalog = {
  app: {
    name: 'Rapport',
    tagline: '客户关系，沉淀为公司资产',
    language: '语言',
    mode: { desktop: '桌面版', browser: '浏览器模式', cli: '命令行' },
    loading: '加载中…',
    retry: '重试',
    localeNames: { 'zh-CN': '中文', en: 'English' },
    version: '版本 {{version}}',
    notifications: '通知',
    dismiss: '关闭',
  },
  desktop: {
    cannotStart: 'Rapport 无法启动',
    cannotOpenData: 'Rapport 无法打开数据',
    notBuilt: '界面尚未构建（{{dir}} 中没有 index.html）。请先运行 `npm run build`。',
    dataFolder: '数据目录：{{dir}}',
  },
  nav: { label: '主导航', accounts: '客户' },
  accounts: {
    title: '客户',
    empty: '还没有客户。请在上方添加第一个客户。',
    emptyBin: '回收站是空的。',
    newName: '新客户名称',
    add: '添加客户',
    rename: '重命名',
    renameLabel: '“{{name}}”的新名称',
    inBin: '在回收站中',
    save: '保存',
    cancel: '取消',
    delete: '删除',
    restore: '恢复',
    show: { active: '在用', deleted: '回收站', all: '全部' },
    count: '{{count}} 个客户',
    count_other: '{{count}} 个客户',
    created: '已添加客户“{{name}}”。',
    renamed: '已重命名为“{{name}}”。',
    deleted: '“{{name}}”已移入回收站。',
    restored: '“{{name}}”已恢复。',
    undo: '撤销',
    deletedOn: '删除于 {{date}}',
    updatedOn: '更新于 {{date}}',
  },
  cli: {
    help: `Rapport：离线优先的客户关系管理工具（命令行）。

用法：rapport [--data 目录] <命令>

命令：
  serve [--port 端口]      浏览器模式：在 127.0.0.1 上提供应用，并打印带访问令牌的地址。
  api <方法> ['<json>']    调用契约中的一个方法，打印 JSON 结果。
  sync --share 路径 [--json] [--snapshot]
                           通过共享文件夹同步一轮，并打印结果。
  check --share 路径       校验共享文件夹（校验和、缺失、未知文件）并说明发现的问题。
  export --format json [--include-private]
                           按规范顺序输出全部同步数据和未解决的冲突。
  demo                     载入示例数据：30 个客户、400 位人员、3000 条接触记录。
  help                     显示本帮助。

选项：
  --data 目录              数据目录（默认：RAPPORT_DATA_DIR，否则为桌面应用自己的目录）。
  -v, --version            打印版本号。

方法：
    {{methods}}`,
    seeHelp: '运行 `rapport --help` 查看命令。',
    badPort: '“{{port}}”不是端口号。请使用 0 到 65535 之间的数字（0 表示自动选择空闲端口）。',
    apiUsage: "请指定要调用的方法，例如 rapport api accounts.list '{}'。可用方法：{{methods}}",
    badJson: "输入不是有效的 JSON（{{detail}}）。请为 shell 加上引号，例如 '{\"name\":\"华为技术\"}'。",
    unknownCommand: '未知命令“{{command}}”。运行 `rapport --help` 查看命令。',
    needShare: '请指定共享文件夹：--share 路径。',
    demoLoaded: '示例数据已载入：{{accounts}} 个客户，{{people}} 位人员，{{touchpoints}} 条接触记录，{{followUps}} 项跟进，{{initiatives}} 个组织级项目。',
    badFormat: '未知的导出格式“{{format}}”。请使用 --format json。',
    syncProgress: '同步：{{phase}} {{done}}/{{total}}',
    syncSummary: '以设备 {{deviceId}} 同步：发布 {{published}} 项更改，从 {{segmentsApplied}} 个分段应用 {{applied}} 项，新冲突 {{conflicts}} 个，隔离文件 {{quarantined}} 个，等待中的分段 {{waiting}} 个。',
  },
  sync: {
    phase: { publish: '发布', scan: '读取共享', apply: '应用', done: '完成' },
  },
  check: {
    level: { info: '✓', warning: '!', error: '✗' },
    format_ok: '格式文件：共享格式 {{version}}；{{minAppVersion}} 及以上版本可写入。',
    format_missing: '没有格式文件（{{file}}）：这还不是 Rapport 共享，或文件尚未送达。首次同步会创建它。',
    format_unknown: '该共享使用格式 {{version}}，比本应用能读取的更新。请升级 Rapport。',
    device_ok: '设备 {{device}}：分段 {{first}}–{{last}} 校验通过。',
    segment_bad: '{{path}} 无法读取（{{reason}}）：已跳过并将重试；若一直存在，请让写入该文件的设备重新同步。',
    segment_gap: '设备 {{device}}：缺少分段 {{from}}–{{to}}（尚未送达，或已在快照后回收）。',
    segment_chain: '设备 {{device}}：分段 {{seq}} 与上一个分段不衔接（该设备可能从备份恢复或被克隆）。',
    segment_fork: '设备 {{device}}：有 {{count}} 个不同的 {{seq}} 号分段（两台机器使用同一设备编号；它们会更换编号）。',
    segment_copy: '{{path}} 是同步工具生成的 {{of}} 副本：相同的副本会在下次同步时删除，不同的会被应用。',
    unknown_file: '{{path}} 不是 Rapport 文件，已忽略。',
    temp_file: '{{path}} 是临时文件，已忽略。',
    ack_bad: '设备 {{device}}：确认文件无法读取（{{reason}}）。',
    snapshot_ok: '快照 {{name}}：{{rows}} 条记录，校验通过。',
    snapshot_bad: '快照 {{name}} 无法读取（{{reason}}）；下一台同步的设备会写入新的快照。',
    summary: '{{devices}} 台设备，{{segments}} 个分段，{{snapshots}} 个快照：{{errors}} 个错误，{{warnings}} 个警告。',
  },
  fields: {
    name: '名称', id: '编号', state: '显示', email: '邮箱', role: '角色', active: '在职',
    aliases: '别名', industry: '行业', region: '区域', tier: '客户分级', stage: '生命周期阶段', level: '关系层级',
    parentId: '上级单位', ownerId: '负责人', source: '来源', referralAccountId: '推荐客户', referralPersonId: '推荐人',
    shareOfWallet: '采购份额 %', notes: '备注', accountId: '客户', since: '起始日期', note: '备注', memberId: '团队成员',
    kind: '类型', title: '职务', status: '状态', startDate: '开始', endDate: '结束', ourParticipants: '我方参与人', theirParticipants: '客户参与人',
    personId: '人员', renewalDate: '续约日期', value: '金额', currency: '币种', department: '部门', phone: '电话',
    reportsToId: '汇报对象', roles: '采购中心角色', stance: '态度', influence: '影响力', strength: '关系强度',
    ownerIds: '我方负责人', preferredChannel: '偏好渠道', cadence: '联系频率', strategies: '沟通策略', successorId: '继任者',
    body: '备注', fromId: '影响方', toId: '被影响方', at: '日期时间', departments: '部门', channel: '渠道', summary: '摘要',
    sentiment: '情绪', needs: '需求洞察', touchpointId: '接触记录', task: '任务', dueDate: '截止日期', done: '已完成', text: '搜索', shareDir: '共享文件夹', strategy: '策略',
  },
  kinds: { account: '客户', member: '团队成员', person: '人员', touchpoint: '接触记录' },
  strategyDefaults: {
    initiator: '了解其希望解决的问题；提供可向上汇报的证据和快速见效的成果。',
    user: '倾听日常痛点；提供培训与快速支持；培养为口碑用户。',
    influencer: '分享技术深度与第三方证明；邀请参加技术交流和联合实验室。',
    decider: '谈业务成果与风险；高层对高层沟通；简短而规律。',
    approver: '让审批变得容易：预算、合规与回报清晰；不制造意外。',
    buyer: '价格、条款与交付准确；尊重流程；留存书面记录。',
    gatekeeper: '尊重其角色；保持信息同步；请其指点如何接触关键人。',
  },
  validation: {
    required: '必填。',
    tooShort: '至少 {{minimum}} 个字符。',
    tooLong: '最多 {{maximum}} 个字符。',
    tooLow: '不能小于 {{minimum}}。',
    tooHigh: '不能大于 {{maximum}}。',
    tooFew: '至少选择 {{minimum}} 项。',
    tooMany: '最多选择 {{maximum}} 项。',
    wrongType: '应为 {{expected}}。',
    oneOf: '请从以下选项中选择：{{values}}。',
    format: '{{format}} 格式不正确。',
    unknownKeys: '未知字段：{{keys}}。',
    invalid: '无效。',
    labelled: '{{label}}：{{message}}',
  },
  errors: {
    validation: '{{details}} 请修改后重试；没有保存任何内容。',
    not_found: '该记录不存在（可能已在其他设备上删除）。请刷新列表。',
    unknown_method: '未知调用“{{method}}”。运行 `rapport --help` 查看可用调用。',
    unauthorized: '访问令牌缺失或错误。请打开 `rapport serve` 打印的地址。',
    forbidden: '不允许此请求。',
    conflict: '记录已被修改。请刷新后重试。',
    internal: 'Rapport 内部出错（{{detail}}）。没有做任何更改；请重试，若反复出现请报告。',
    network: 'Rapport 后台服务没有响应。请确认它仍在运行，然后重试。',
    unavailable: '暂时不可用。请稍后重试。',
    share_relative: '“{{path}}”不是完整的文件夹路径。请使用完整路径选择共享文件夹（例如 /mnt/share/rapport 或 \\\\server\\share\\rapport）。',
    share_inaccessible: '文件夹“{{path}}”不存在或无法写入。请确认共享已挂载且您有写入权限，然后重试。',
    share_unreachable: '无法访问共享文件夹“{{path}}”。您的工作已保存在本机，共享恢复后会自动同步。',
    sync_off: '尚未设置同步。请先在设置中选择共享文件夹。',
    sync_busy: '同步正在进行中，请等待其完成。',
    ref_missing: '没有这个{{what}}（可能已在回收站，或已在其他设备上删除）。请另选。',
    cycle_group: '这样会使集团层级形成循环。请选择不在此客户下级的上级单位。',
    cycle_reports: '这样会形成汇报循环。请选择不向此人汇报的上级。',
    self_ref: '记录不能指向自己。请另选。',
    other_account: '此人属于其他客户。请选择本客户的人员。',
  },
};
