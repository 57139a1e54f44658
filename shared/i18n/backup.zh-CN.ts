import type { backupEn } from './backup.en';

/** 简体中文：本机数据的备份（设置页、命令行）及其错误信息。 */
export const backupZhCN: typeof backupEn = {
  title: '本机数据备份',
  intro: 'Rapport 运行期间每天为本机数据保留一份经过校验的副本（保留最近 7 天和 4 周），每次升级数据格式前也会备份。副本只保存在本机的数据文件夹中。',
  create: '立即备份',
  creating: '正在备份…… {{done}} / {{total}} 页',
  created: '已备份：{{when}}。',
  none: '还没有备份。',
  columns: { when: '时间', reason: '原因', size: '大小', action: '' },
  reason: { daily: '每日', manual: '手动', 'pre-migration': '升级前', 'pre-restore': '恢复前' },
  restore: '恢复……',
  confirmTitle: '恢复 {{when}} 的备份？',
  confirmText:
    '本机数据将回到当时的状态。恢复前会先保留一份当前数据的副本（“恢复前”）。此后本机和团队通过共享文件夹共享的所有内容会在下次同步时回来；尚未共享的更改会先发布。',
  confirm: '恢复',
  cancel: '取消',
  restored: '已恢复 {{when}} 的备份。同步后会取回此后共享的全部内容。',
  cli: {
    usage: '用法：rapport [--data 目录] backup list | create | restore 备份ID [--force]',
    listLine: '{{id}}  {{reason}}  {{size}}',
    listEmpty: '还没有备份。运行 `rapport backup create` 创建一份。',
    created: '已备份并校验：{{id}}（{{size}}）。',
    restored: '已恢复 {{id}}；恢复前的数据保留为 {{before}}。运行 `rapport sync` 取回共享文件夹中的内容。',
    newDevice: '本设备此后以 {{deviceId}} 的身份写入共享文件夹（它在此备份之后曾以 {{left}} 发布过内容）。',
    noStore: '{{dir}} 中没有可备份或恢复的数据。请检查 --data。',
  },
  errors: {
    badId: '“{{id}}”不是备份 ID。运行 `rapport backup list` 查看备份。',
    notFound: '此数据文件夹中没有备份“{{id}}”。运行 `rapport backup list` 或刷新列表。',
    damaged: '备份“{{id}}”已损坏（{{detail}}），未恢复，数据没有任何改动。请选择其他备份。',
    unsynced:
      '本机有 {{count}} 项更改尚未同步到共享文件夹，恢复会使团队失去这些更改。请先同步（共享文件夹须可访问），或使用 --force 强制恢复：这些更改会保留在“恢复前”的备份中。',
    failed: '备份未能写入或未通过校验（{{detail}}），未保留副本。请检查数据文件夹所在磁盘的剩余空间后重试。',
  },
};
