/** Notices after a redirect are fixed codes, never free text from the URL. */
const DONE: Record<string, string> = {
  reviewed: '审核已保存。',
  'reviewed-draft': '审核已保存；更正后的答复已生成指导卡片草稿，管理员批准后加入知识库。',
  'draft-saved': '草稿已保存。',
  'draft-approving': '卡片已提交写入知识库，索引正在后台重建；重建完成前答复继续使用原索引。',
  'draft-rejected': '草稿已退回，不会加入知识库。',
  'gap-drafted': '知识缺口已写成指导卡片草稿，管理员批准后加入知识库。',
  'gap-dismissed': '知识缺口已忽略。',
  'handoff-claimed': '已由您接手，请尽快联系企业。',
  'handoff-resolved': '已标记为办结。',
  broadcast: '通知已提交群发，正由外发进程逐条发送。',
  'handoff-replied': '回复已发送给用户。',
  'handoff-closed': '人工服务已结束，已通知用户。',
  updated: '企业信息已保存。',
  created: '企业已登记。',
  'follow-up': '跟踪指导已添加。',
  headcount: '职工数量已记录。',
  policy: '稳岗政策已添加。',
  layoff: '裁员情况已添加。',
  'link-approved': '已同意关联申请，该联系人今后会收到本企业的通知和提醒。',
  'link-rejected': '已拒绝关联申请，该联系人未关联本企业。',
  'staff-created': '工作人员账户已创建。',
  'password-reset': '密码已重置，账户已解除锁定。',
  'staff-activated': '账户已启用。',
  'staff-deactivated': '账户已停用，其登录已失效。',
  'knowledge-saving': '文件已保存，索引正在后台重建；重建完成前答复继续使用原索引。',
};

export function doneMessage(code: string | undefined): string | undefined {
  return code ? DONE[code] : undefined;
}
