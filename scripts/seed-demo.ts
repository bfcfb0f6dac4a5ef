/**
 * A realistic demo ledger: ~40 Luoyang enterprises across districts and industries (valid generated
 * USCCs), staff, contacts, consultations, follow-ups, job-stability policies, layoffs, a notice.
 * Deterministic and idempotent: an enterprise already present (same USCC) is left as it is, and each
 * new enterprise is written with all its records in one transaction.
 *
 *   npm run seed-demo            (uses DATABASE_URL, or PGlite in DATA_DIR)
 */
import { pathToFileURL } from 'node:url';
import { installCliErrorHandlers } from '../src/cli-fatal.js';
import { loadConfig } from '../src/config.js';
import { openLedger, type Ledger } from '../src/ledger/index.js';
import { makeEnterpriseUscc } from '../src/ledger/uscc.js';
import { addDays, chinaDate } from '../src/clock.js';

/** GB/T 2260 codes of Luoyang's districts and counties, for realistic USCC region digits. */
const REGION: Record<string, string> = {
  老城区: '410302', 西工区: '410303', 瀍河回族区: '410304', 涧西区: '410305', 偃师区: '410307', 孟津区: '410308',
  洛龙区: '410311', 新安县: '410323', 栾川县: '410324', 嵩县: '410325', 汝阳县: '410326', 宜阳县: '410327',
  洛宁县: '410328', 伊川县: '410329',
};

const TRADE_NAMES = [
  '恒泰', '宏达', '瑞丰', '河洛', '牡丹', '龙门', '伊水', '洛浦', '天心', '九都', '鼎盛', '华阳', '金谷', '应天',
  '嵩岳', '北邙', '定鼎', '丽景', '明堂', '天堂', '上阳', '白马', '关林', '周山', '翠云', '凤凰', '新潮', '中州',
  '万安', '洛神', '青要', '宜居', '伊滨', '涧河', '谷水', '邙山', '和盛', '安泰', '众诚', '博远', '昌隆', '永宁',
];

const KINDS: { industry: string; suffixes: string[] }[] = [
  { industry: 'C', suffixes: ['轴承制造有限公司', '机械制造有限公司', '耐火材料有限公司', '食品有限公司', '服装有限公司'] },
  { industry: 'E', suffixes: ['建筑工程有限公司', '装饰工程有限公司'] },
  { industry: 'F', suffixes: ['商贸有限公司', '超市有限公司'] },
  { industry: 'G', suffixes: ['物流有限公司', '运输有限公司'] },
  { industry: 'H', suffixes: ['餐饮管理有限公司', '酒店管理有限公司'] },
  { industry: 'I', suffixes: ['网络科技有限公司', '软件技术有限公司'] },
  { industry: 'L', suffixes: ['人力资源服务有限公司', '物业管理有限公司'] },
  { industry: 'M', suffixes: ['检测技术有限公司'] },
  { industry: 'O', suffixes: ['家政服务有限公司', '汽车维修有限公司'] },
  { industry: 'Q', suffixes: ['养老服务有限公司'] },
  { industry: 'R', suffixes: ['文化传媒有限公司'] },
  { industry: 'A', suffixes: ['牡丹种植有限公司', '农业开发有限公司'] },
];

const QUESTIONS: { q: string; a: string; cite: { title: string; article: string } }[] = [
  { q: '新招的员工试用期最长能约定多久？合同签两年。', a: '劳动合同期限一年以上不满三年的，试用期不得超过二个月。', cite: { title: '中华人民共和国劳动合同法', article: '第十九条' } },
  { q: '员工入职一个月了还没签合同，有什么风险？', a: '自用工之日起超过一个月不满一年未订立书面劳动合同的，应当向劳动者每月支付二倍的工资。', cite: { title: '中华人民共和国劳动合同法', article: '第八十二条' } },
  { q: '小时工要不要交社保？', a: '非全日制用工用人单位应当为其缴纳工伤保险费。', cite: { title: '关于非全日制用工若干问题的意见', article: '第十二条' } },
  { q: '辞退员工要给N+1吗？', a: '是否支付经济补偿及代通知金取决于解除理由，例如依第四十条解除且未提前三十日通知的，需额外支付一个月工资。', cite: { title: '中华人民共和国劳动合同法', article: '第四十条' } },
  { q: '稳岗返还今年怎么申请？', a: '符合条件的企业多为“免申即享”，也可在河南省社会保障网上服务平台申请。', cite: { title: '失业保险稳岗返还政策（河南）', article: '' } },
  { q: '员工怀孕了能不能调岗降薪？', a: '用人单位不得因女职工怀孕、生育、哺乳降低其工资、予以辞退、与其解除劳动或者聘用合同。', cite: { title: '女职工劳动保护特别规定', article: '第五条' } },
  { q: '加班费怎么算？周末加班可以调休吗？', a: '休息日安排劳动者工作又不能安排补休的，支付不低于工资的百分之二百的工资报酬。', cite: { title: '中华人民共和国劳动法', article: '第四十四条' } },
  { q: '能不能收员工押金或者扣身份证？', a: '用人单位招用劳动者，不得扣押劳动者的居民身份证和其他证件，不得要求劳动者提供担保或者以其他名义向劳动者收取财物。', cite: { title: '中华人民共和国劳动合同法', article: '第九条' } },
];

const FOLLOW_UP_TEXTS = [
  '上门走访，讲解劳动合同签订与试用期规定，企业已补签劳动合同。',
  '电话回访，提醒按时足额缴纳社会保险，告知稳岗返还“免申即享”办理情况。',
  '指导企业完善工资支付台账和考勤制度。',
  '协助企业开展“和谐同行”自评，建议建立职工代表大会制度。',
  '针对订单下降情况，讲解经济性裁员程序和第四十一条报告要求，建议优先采取协商调岗、缩短工时等稳岗措施。',
];

/** Small deterministic PRNG so every run builds the same data set. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function daysAgo(n: number, from = new Date()): string {
  return addDays(chinaDate(from), -n);
}

function sizeClassOf(headcount: number): 'micro' | 'small' | 'medium' | 'large' {
  return headcount < 20 ? 'micro' : headcount < 300 ? 'small' : headcount < 1000 ? 'medium' : 'large';
}

export interface SeedSummary {
  enterprisesCreated: number;
  enterprisesExisting: number;
}

export async function seedDemo(ledger: Ledger, count = 40): Promise<SeedSummary> {
  const rand = prng(20201228);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const staff = [
    await ledger.staff.ensure({ username: 'admin', displayName: '系统管理员', role: 'admin' }),
    await ledger.staff.ensure({ username: 'wanglei', displayName: '王磊', role: 'coordinator' }),
    await ledger.staff.ensure({ username: 'liuxia', displayName: '刘霞', role: 'coordinator' }),
    await ledger.staff.ensure({ username: 'zhaojun', displayName: '赵军', role: 'coordinator' }),
    await ledger.staff.ensure({ username: 'chenjing', displayName: '陈静', role: 'viewer' }),
  ];
  const coordinators = staff.slice(1, 4);
  const districts = ledger.lists.districts.map((d) => d.name).filter((d) => REGION[d]);
  const summary: SeedSummary = { enterprisesCreated: 0, enterprisesExisting: 0 };

  for (let n = 0; n < count; n++) {
    // Every random draw happens whether or not the enterprise exists, so re-runs see the same values.
    const district = districts[n % districts.length]!;
    const kind = KINDS[n % KINDS.length]!;
    const name = `洛阳${TRADE_NAMES[n % TRADE_NAMES.length]}${pick(kind.suffixes)}`;
    const lastYear = 8 + Math.floor(rand() ** 2 * 400);
    const current = Math.max(3, Math.round(lastYear * (0.85 + rand() * 0.3)));
    const coordinator = coordinators[n % coordinators.length]!;
    const registered = daysAgo(200 + Math.floor(rand() * 3000));
    const isNew = n % 5 === 0;
    const draws = Array.from({ length: 16 }, () => rand());
    const uscc = makeEnterpriseUscc(REGION[district]!, 20_210_000 + n * 7919);

    const result = await ledger.transaction(async (tx) => {
      const { enterprise: e, created } = await tx.enterprises.ensure({
        name, uscc, industry: kind.industry, district,
        registeredOn: isNew ? daysAgo(30 + n * 3) : registered,
        headcountLastYearEnd: lastYear,
        headcountCurrent: current,
        headcountAsOf: daysAgo(10),
        sizeClass: sizeClassOf(current),
        tags: isNew ? ['新注册企业'] : lastYear > 150 ? ['规模以上'] : [],
        watchListed: lastYear > 200 || n === 7,
        harmonyCultivated: n % 4 === 1,
        coordinatorId: coordinator.id,
      });
      if (!created) return false;
      await tx.enterprises.recordHeadcount({ enterpriseId: e.id, asOf: daysAgo(100), headcount: lastYear, source: '季度监测' });

      const contacts = [
        await tx.contacts.upsert({ channel: 'wechat', externalId: `wxid_demo_${n}`, displayName: `${name.slice(2, 4)}人事`, enterpriseId: e.id, role: 'hr' }),
      ];
      if (draws[0]! < 0.5) {
        contacts.push(await tx.contacts.upsert({ channel: draws[1]! < 0.5 ? 'telegram' : 'web', externalId: `demo-owner-${n}`, displayName: `${name.slice(2, 4)}负责人`, enterpriseId: e.id, role: 'owner' }));
      }
      for (const c of contacts) await tx.subscriptions.set({ contactId: c.id, topic: 'policy' });

      const consultations = Math.floor(draws[2]! * 6);
      for (let k = 0; k < consultations; k++) {
        const item = QUESTIONS[(n + k) % QUESTIONS.length]!;
        const contact = contacts[k % contacts.length]!;
        await tx.consultations.record({
          idempotencyKey: `demo-${uscc}-${k}`,
          channel: contact.channel,
          contactId: contact.id,
          enterpriseId: e.id,
          askedAt: new Date(Date.now() - (k * 9 + n) * 86_400_000 - 3_600_000 * (n % 9)),
          question: item.q,
          answer: item.a,
          citations: [item.cite.article ? item.cite : { title: item.cite.title }],
          confidence: 0.6 + ((n + k) % 4) * 0.1,
          latencyMs: 300 + ((n * 37 + k * 91) % 900),
          handoffState: k === 0 && n % 9 === 3 ? 'requested' : 'none',
        });
      }

      const followUps = 1 + Math.floor(draws[3]! * 3);
      for (let k = 0; k < followUps; k++) {
        const on = daysAgo(20 + (followUps - k) * 35);
        await tx.followUps.add({
          enterpriseId: e.id,
          date: on,
          staffId: coordinator.id,
          staffName: coordinator.displayName,
          content: FOLLOW_UP_TEXTS[(n + k) % FOLLOW_UP_TEXTS.length]!,
          nextDate: k === followUps - 1 ? daysAgo(-30 + (n % 20)) : null,
        });
      }

      if (draws[4]! < 0.6) {
        await tx.stabilityPolicies.add({ enterpriseId: e.id, policy: '稳岗返还', year: 2024, amountYuan: Math.round(lastYear * 110) });
      }
      if (draws[5]! < 0.3) {
        await tx.stabilityPolicies.add({ enterpriseId: e.id, policy: '技能提升补贴', year: 2025, amountYuan: 1500 * (1 + Math.floor(draws[6]! * 4)) });
      }
      if (n === 7) {
        await tx.layoffs.add({ enterpriseId: e.id, date: daysAgo(60), count: 25, reason: '订单大幅减少，生产线停产', reportedArt41: true });
      }
      if (n === 22) {
        await tx.layoffs.add({ enterpriseId: e.id, date: daysAgo(45), count: 3, reason: '门店合并', reportedArt41: false });
      }
      return true;
    });
    if (result) summary.enterprisesCreated++;
    else summary.enterprisesExisting++;
  }

  const title = '2025年失业保险稳岗返还政策提醒';
  if (!(await ledger.notices.list(1000)).some((x) => x.title === title)) {
    await ledger.notices.create({
      title,
      body: '符合条件的企业无需申请即可享受稳岗返还（免申即享），中小微企业返还比例为上年度实际缴纳失业保险费的60%。如有疑问请联系您的劳动关系协调员。',
      topic: 'policy',
      createdBy: staff[0]!.id,
    });
  }
  return summary;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  installCliErrorHandlers();
  const config = loadConfig();
  const ledger = await openLedger(config);
  try {
    const s = await seedDemo(ledger);
    console.log(
      `演示数据（${ledger.db.kind}）：新增 ${s.enterprisesCreated} 家企业，已存在 ${s.enterprisesExisting} 家；` +
        `台账现有 ${await ledger.enterprises.count()} 家企业、${await ledger.consultations.count()} 条咨询记录`,
    );
  } finally {
    await ledger.close();
  }
}
