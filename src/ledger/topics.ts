/**
 * Notice topics a contact can subscribe to; outreach sends each notice to one topic's subscribers.
 * The chat's subscription menu and the console's notice composer both show these.
 */
export const TOPICS: Record<string, string> = {
  policy: '政策更新（新法规、补贴、社保费率等）',
  reminder: '用工提醒（年度报告、合同到期、最低工资调整等）',
  event: '招聘会与培训活动',
};
