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
  },
  nav: { accounts: '客户' },
  accounts: {
    title: '客户',
    empty: '还没有客户。请在上方添加第一个客户。',
    emptyBin: '回收站是空的。',
    newName: '新客户名称',
    add: '添加客户',
    rename: '重命名',
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
  },
  fields: { name: '名称', id: '编号', state: '显示' },
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
  },
};
