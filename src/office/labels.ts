/** Display words for stored codes. */
export const CHANNEL_LABELS: Record<string, string> = { wechat: '微信', telegram: 'Telegram', web: '网页', console: '终端' };
export const FEEDBACK_LABELS: Record<string, string> = { helpful: '👍 有帮助', unhelpful: '👎 没帮助' };
export const HANDOFF_LABELS: Record<string, string> = { none: '未转人工', requested: '待人工接手', claimed: '人工处理中', resolved: '人工已办结', withdrawn: '用户已取消' };
/** What a recorded message was (consultations.kind); only questions count as consultations in the figures. */
export const KIND_LABELS: Record<string, string> = {
  question: '提问', onboarding: '企业登记', button: '按钮', command: '指令', handoff: '转人工请求', other: '非提问（寒暄、表情等）',
};
export const VERDICT_LABELS: Record<string, string> = { right: '答复正确', wrong: '答复有误' };
