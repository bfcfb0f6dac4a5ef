import { WechatyBuilder, type Wechaty } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachWechat } from '../../bots/wechat/bot.js';
import type { Assistant } from '../../src/assistant/index.js';
import { makeEnterpriseUscc } from '../../src/ledger/uscc.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { WxUser } from '../helpers/wechat.js';
import type { TestLedger } from '../ledger/backends.js';

/** Wechaty over wechaty-puppet-mock, the real engine and PostgreSQL: the Telegram flow in text commands. */
const VALID_USCC = makeEnterpriseUscc('410311', 20_261_124);

let bot: Wechaty;
let assistant: Assistant;
let test: TestLedger;
let user: WxUser;
let staff: WxUser;
let inGroup: WxUser;
let owner: WxUser;

beforeAll(async () => {
  const mocker = new mock.Mocker();
  const puppet = new PuppetMock({ mocker });
  const [me, zhang, li, zhao, wang] = [
    mocker.createContact({ name: '用工指导助手' }),
    mocker.createContact({ name: '张会计' }),
    mocker.createContact({ name: '李科员' }),
    mocker.createContact({ name: '赵老板' }),
    mocker.createContact({ name: '王店长' }),
  ] as const;
  const room = mocker.createRoom({ topic: '洛龙区企业交流群', memberIdList: [me.id, zhang.id, zhao.id] });
  ({ assistant, test } = await openTestAssistant({ staffIds: [`wechat:${li.id}`] }));
  await puppet.start();
  mocker.login(me);
  bot = WechatyBuilder.build({ puppet });
  assistant.senders.register(attachWechat(bot, assistant));
  await bot.start();
  user = new WxUser(zhang, me);
  staff = new WxUser(li, me);
  inGroup = new WxUser(zhao, me, room);
  owner = new WxUser(wang, me);
});

afterAll(async () => {
  await bot?.stop();
  await test?.cleanup();
});

describe('WeChat end to end', () => {
  it('onboards by text commands, with numbered choices', async () => {
    user.say('注册');
    await user.expect(/第1步.*企业名称/);
    user.say('洛阳市龙门文旅有限公司');
    await user.expect(/第2步/);
    user.say('91410311MA1234567X');
    await user.expect(/统一社会信用代码有误[\s\S]*请重新输入/);
    user.say(VALID_USCC);
    const industries = await user.expect(/第3步[\s\S]*1\. A 农、林、牧、渔业[\s\S]*回复序号/);
    const n = /(\d+)\. R /.exec(industries)![1]!;
    user.say(n);
    const districts = await user.expect(/第4步[\s\S]*1\. 老城区/);
    user.say('西湖区');
    await user.expect(/“西湖区”不在洛阳市区县名单中/);
    user.say(/(\d+)\. 洛龙区/.exec(districts)![1]!);
    await user.expect(/第5步/);
    user.say('12人');
    await user.expect(/登记完成/);
    const e = await test.ledger.enterprises.getByUscc(VALID_USCC);
    expect(e).toMatchObject({ industry: 'R', district: '洛龙区', headcountCurrent: 12 });
    expect((await test.ledger.contacts.findByIdentity('wechat', user.contact.id))?.enterpriseId).toBe(e!.id);
  });

  it('answers three questions, takes 没用 as feedback, ignores an unmentioned group message', async () => {
    for (const q of ['试用期最长可以约定多久？', '签三年合同呢？', '员工加班费怎么计算？']) {
      user.say(q);
      const a = await user.expect(/回复“有用”/);
      expect(a).toMatch(/依据/);
    }
    user.say('没用');
    await user.expect(/感谢反馈/);
    const rows = await test.ledger.db.query<{ feedback: string | null }>(`SELECT feedback FROM consultations WHERE question = '员工加班费怎么计算？'`);
    expect(rows).toEqual([{ feedback: 'unhelpful' }]);

    inGroup.say('大家好，年休假怎么算？');
    inGroup.say('年休假有几天？', true);
    const answered = await inGroup.expect(/年休假|带薪/);
    expect(answered).toMatch(/回复“有用”/);
    await new Promise((r) => setTimeout(r, 300));
    expect(inGroup.inbox).toHaveLength(1);
    const grp = await test.ledger.db.query(`SELECT question FROM consultations WHERE question LIKE '%年休假%'`);
    expect(grp).toHaveLength(1);
  });

  it('hands off with 人工, relays the staff reply, and refuses staff commands to others', async () => {
    user.say('回复 1 我也想发通知');
    await user.expect(/工作人员专用指令/);
    user.say('人工');
    await user.expect(/已为您转接/);
    const notice = await staff.expect(/【转人工】咨询 #(\d+)/);
    const id = /#(\d+)/.exec(notice)![1]!;
    user.say('还在吗？');
    await user.expect(/已转给工作人员/);
    staff.say(`回复 ${id} 您好，请把劳动合同拍照发给我们。`);
    await staff.expect(/已发送/);
    await user.expect(/【人社局工作人员回复】\n您好，请把劳动合同拍照发给我们/);
    staff.say(`结束 ${id}`);
    await user.expect(/人工服务已结束/);
    const c = await test.ledger.consultations.get(Number(id));
    expect(c).toMatchObject({ question: '人工', handoffState: 'resolved' });
  });

  it('asks for the missing fact of a calculation, and a numbered reply completes the figure', async () => {
    owner.say('干了3年月薪6000辞退要赔多少');
    await owner.expect(/劳动关系是怎么结束的[\s\S]*3\. 经济性裁员/);
    // 3 = laid off or ended by agreement: N = 6000 × 3 = 18000 (劳动合同法第四十七条).
    owner.say('3');
    await owner.expect(/18,000元/);
  });
});
