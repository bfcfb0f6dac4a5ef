import type { Handoff } from './types.js';

/** The user asks for a person outright. */
const ASKS_FOR_PERSON = /转人工|人工客服|人工服务|找真人|真人客服|找工作人员|找个人工|人工咨询|要人工|找你们领导|工作人员联系我/;

/**
 * Matters a labour officer must handle in person whatever the bot knows: each pattern with the reason
 * the office records. They are checked on the raw text, so word order and typos matter little.
 */
const SENSITIVE: Array<[RegExp, string]> = [
  [/集体(停工|罢工|讨薪|上访|维权|争议|闹事)|罢工|群体(性)?事件|堵(门|路)|拉横幅|(一起|集体)去(政府|劳动局)/, '涉及集体劳动争议或群体性事件，需要劳动关系协调员及时介入'],
  [/(裁员|裁掉|辞退|减员).{0,12}(\d{2,}|[二三四五六七八九]十|几十|上百|一百)(多)?(个|名|人)|(\d{2,}|[二三四五六七八九]十|几十|上百)(多)?(个|名)?人.{0,8}(裁员|裁掉)|大规模裁员|规模裁员/, '涉及规模裁员（第四十一条），需要办公室指导裁减人员方案和报告程序'],
  [/((\d{2,}|[二三四五六七八九]十|几十|上百|很多|好多|一群|多名|全体|所有)(多)?(个|名)?(工人|员工|农民工|职工|人)).{0,16}(欠|拖|不发|没发|讨)|(欠|拖欠|不发).{0,8}(几十|上百|很多|好多|一群|全体|所有)(个|名)?(工人|员工|农民工|职工|人)/, '涉及多名劳动者被拖欠工资，需要劳动保障监察及时处理'],
  [/(今天|刚才|刚刚|现在|昨晚|今早|今晚).{0,12}(受伤|摔伤|砸伤|烫伤|压伤|出事|出了事故|工伤|送医|住院|骨折|死亡|去世)|(受伤|出事|工伤).{0,6}(还在医院|正在抢救|送医院)/, '有劳动者刚刚受伤，需要尽快由工作人员指导救治和工伤申报'],
  [/跳楼|自杀|轻生|以死相逼/, '有人身安全风险，需要工作人员立即处理'],
];

/** Whether a person should take over, and why (undefined when the bot may answer by itself). */
export function detectHandoff(question: string): Handoff | undefined {
  if (ASKS_FOR_PERSON.test(question)) return { needed: true, reason: PERSON_ASKED };
  for (const [pattern, reason] of SENSITIVE) if (pattern.test(question)) return { needed: true, reason };
  return undefined;
}

/** The reason of a hand-off the user's words asked for (any other reason is a sensitive matter). */
export const PERSON_ASKED = '用户要求转人工';

/** What an answer says when a person is needed; the channel says whether one has been reached (queued, offered). */
export const NEEDS_PERSON = '这类情况需要人社部门的工作人员来处理。';
