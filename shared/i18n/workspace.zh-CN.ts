import type { Catalog } from './en';
import type { workspaceErrorsEn } from './workspace.en';

/** 加密共享的工作区（设置 › 工作区、`rapport workspace` 及其错误）。 */
export const workspaceZhCN: Catalog['workspace'] = {
  title: '工作区（加密共享）',
  intro: 'Rapport 写入共享的所有内容都用工作区密钥加密：文件服务器或云文件夹的管理者只能看到文件名、大小和时间。只有加入工作区的设备才能读取。',
  plain: '此共享尚未加密。创建工作区即可加密：已有内容会在下次同步时加密，其他设备用邀请码加入。',
  notEnrolled: '此共享已加密，而这台设备尚未加入。请向成员索取邀请码。',
  enrolled: '这台设备是工作区 {{workspace}} 的成员。',
  noShare: '请先在上方选择共享文件夹。',
  create: '创建工作区',
  creating: '正在创建…',
  recoveryTitle: '恢复密钥：请立即记下',
  recoveryText: '它只显示这一次。当没有成员可以邀请时，新设备可以用它加入。请妥善保管在私密之处（密码管理器或密封信封）。',
  recoveryDone: '我已记下',
  invite: '生成邀请码',
  inviteText: '请把此邀请码交给要加入的设备的使用者（电话或当面）。它只能使用一次，有效期 7 天（至 {{expires}}）。',
  joinLabel: '邀请码或恢复密钥',
  join: '加入',
  joined: '这台设备已加入工作区。下次同步时将读取共享。',
  devices: '成员设备',
  device: '设备',
  thisDevice: '（本设备）',
  removed: '已移除',
  remove: '移除',
  removeConfirm: '移除设备 {{device}}？它会保留已有的内容，但无法读取此后写入的任何内容。',
  removedDone: '设备 {{device}} 已移除；此后使用新的密钥。',
  cli: {
    usage:
      'rapport --data DIR workspace create --share P          创建工作区（打印恢复密钥）\n' +
      'rapport --data DIR workspace invite --share P          打印一次性邀请码\n' +
      'rapport --data DIR workspace join --share P --code C   用邀请码加入（或 --recovery KEY）\n' +
      'rapport --data DIR workspace remove-device ID --share P   移除成员设备（启用新密钥）\n' +
      'rapport --data DIR workspace status --share P          本设备与成员设备',
    created: '工作区 {{workspace}} 已创建。上面的恢复密钥只显示这一次：请妥善保管。从下次同步起共享即加密（未加密的共享会就地升级）。',
    invited: '邀请码见上：只能使用一次，有效期至 {{expires}}。',
    joined: '这台设备已加入工作区 {{workspace}}。',
    removed: '设备 {{device}} 已移除：新密钥 {{epoch}}。',
    synced: '已同步：共享中已包含此变更。',
    syncFailed: '暂时无法同步（{{message}}）；下次同步时会完成。',
  },
};

export const workspaceErrorsZhCN: Record<keyof typeof workspaceErrorsEn, string> = {
  workspace_already_enrolled: '这台设备已是某个工作区的成员。如需加入另一个工作区，请使用另一个数据文件夹。',
  workspace_share_encrypted: '此共享已由某个工作区加密。请改用成员提供的邀请码加入。',
  workspace_not_enrolled: '这台设备不是该共享工作区的成员，无法执行此操作。请先用邀请码加入。',
  workspace_invite_not_found: '共享中没有与此邀请码对应的邀请：它已被使用，或尚未同步到这台电脑。请等待文件夹同步，或索取新的邀请码。',
  workspace_invite_wrong_code: '共享中的邀请无法用此邀请码打开。请核对邀请码，或索取新的邀请码。',
  workspace_invite_expired: '此邀请已过期。请向成员索取新的邀请码。',
  workspace_bad_code: '这不是完整的 Rapport 代码。请检查每组字母和数字是否都已复制。',
  workspace_recovery_wrong: '此恢复密钥无法打开该共享工作区的任何密钥。请核对密钥和共享文件夹。',
  workspace_unknown_device: '共享中没有此 ID 的成员设备。运行 `rapport workspace status` 可列出成员设备。',
  workspace_remove_self: '设备不能移除自己。请在另一位成员的设备上移除它。',
  workspace_share_unwritable: '无法写入共享文件夹。请检查它是否已挂载，以及您是否有写入权限。',
};
