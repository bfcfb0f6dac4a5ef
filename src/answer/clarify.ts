/** Facts an answer may depend on, how to tell whether the user already gave them, and how to ask. */
const FACTS: Array<{ need: RegExp; given: RegExp; ask: string }> = [
  {
    need: /工资|薪|收入/,
    given: /\d+(\.\d+)?\s*(元|块|千|k|万)|[一二三四五六七八九十两]+(千|万)(多|块|元)?|月薪|工资\s*\d/i,
    ask: '您（或这名员工）的月工资大约是多少？',
  },
  {
    need: /年限|工作年|连续工作|累计工作|干了多久|工龄/,
    given: /[\d一二三四五六七八九十两半]+\s*(年|个月|月)|(\d{4})\s*年\s*\d{1,2}\s*月.{0,6}(入职|进)/,
    ask: '在本单位工作了多长时间（例如“三年半”）？',
  },
  {
    need: /合同期限|期限/,
    given: /[\d一二三四五六七八九十两半]+\s*(年|个月)(期|的)?(合同|劳动合同)|合同.{0,6}[\d一二三四五六七八九十两半]+\s*(年|个月)|无固定期限/,
    ask: '劳动合同签的期限是多长（例如“三年”或“无固定期限”）？',
  },
  {
    need: /入职日期|日期|时间/,
    given: /\d{4}\s*[年.\-/]\s*\d{1,2}|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|[\d一二三四五六七八九十两半]+\s*(年|个月|天|周)/,
    ask: '具体是什么时候（日期或多长时间）？',
  },
];

/**
 * One clarifying question for the first fact the answer depends on that the message does not give,
 * or undefined when nothing needed is missing (or cannot be checked).
 */
export function clarifyingQuestion(needs: string[] | undefined, message: string): string | undefined {
  for (const need of needs ?? []) {
    const fact = FACTS.find((f) => f.need.test(need));
    if (fact && !fact.given.test(message)) return `为了给您更准确的答复，想确认一下：${fact.ask}`;
  }
  return undefined;
}
