/** Every fixed sentence the assistant says, in one place so the office can review the wording. */
export const T = {
  welcome:
    '您好！我是洛阳市人社局“用工指导助手”，可以解答招聘用工、劳动合同、工资工时、社会保险、解除补偿、工伤等问题。\n' +
    '直接输入问题即可，例如“试用期最长可以约定多久？”\n\n' +
    '回复“注册”登记您的企业，可收到更有针对性的提醒；回复“订阅”选择要接收的通知；需要工作人员时回复“人工”。',
  help:
    '使用说明：\n• 直接输入用工问题，我会给出答复和法律依据；\n• “注册”：登记或关联您的企业（名称、统一社会信用代码、行业、区县、人数）；\n' +
    '• “订阅” / “退订”：选择或取消政策通知；\n• “人工”：转给人社局工作人员；\n• 每次答复后可评价“有用”或“没用”。',
  nonText: '抱歉，我暂时只能看懂文字消息（图片、语音、表情等无法识别）。请用文字描述您的问题，例如“员工试用期被辞退要给补偿吗？”',
  empty: '请直接输入您想咨询的用工问题，例如“试用期最长可以约定多久？”',
  tooLong: (max: number) => `您的消息太长了（超过${max}字）。请把问题精简一下，分几条发送，我会逐条解答。`,
  rateLimited: '您发送消息的速度有点快，请稍等一分钟再继续提问，谢谢理解。',
  feedbackThanks: { helpful: '感谢您的评价！很高兴能帮到您。', unhelpful: '感谢反馈，我们会改进。如需工作人员帮助，请回复“人工”。' },
  feedbackNothing: '暂时没有可以评价的答复，请先提一个问题。',
  feedbackHint: '觉得有用请回复“有用”，没帮助请回复“没用”。',
  /** A person was asked for: where the user stands and when someone will answer. */
  handoffStarted: (place: string) =>
    `已为您转接人社局工作人员，${place}\n排队期间您仍可以直接提问，我会照常解答，工作人员也能看到您发来的消息。不需要人工了，请回复“取消”。`,
  /** A message that is not a question, while queued. */
  handoffWaiting: (place: string) => `您的消息已转给工作人员，${place}不需要人工了，请回复“取消”。`,
  handoffAlready: (place: string) => `您已在人工排队中，${place}不需要人工了，请回复“取消”。`,
  /** Added to an answer given while queued. */
  handoffFollowUp: (place: string) => `（这条消息也已转给工作人员，他们会跟进回复。${place}不需要人工了，请回复“取消”。）`,
  /** Where the user stands: waiting (with office hours), or taken over by staff. */
  placeWaiting: (position: number | undefined, hours: string) => `${position ? `您目前排在第 ${position} 位。` : '您已在排队中。'}${hours}`,
  placeClaimed: '工作人员已接手您的咨询，请留意这里的回复。',
  hoursOpen: '现在是工作时间，工作人员会尽快在这里回复您。',
  hoursClosed: (hours: string, next: string | undefined) =>
    `现在是非工作时间（工作时间：${hours}），${next ? `工作人员将于${next}起回复您（遇法定节假日顺延）。` : '工作人员上班后会回复您。'}`,
  handoffLeft: '已取消转人工，工作人员不会再跟进这次咨询。您可以继续直接向我提问，需要时再回复“人工”。',
  nothingToLeave: '当前没有进行中的转人工。需要工作人员时请回复“人工”。',
  /** Offered with an unsure answer instead of queueing: a button where the channel has buttons. */
  offerPerson: (button: boolean) => (button ? '如需工作人员解答，可点下方“转人工”，或回复“人工”。' : '如需工作人员解答，请回复“人工”。'),
  offerButton: '转人工',
  staffReplied: (text: string) => `【人社局工作人员回复】\n${text}`,
  handoffClosed: '本次人工服务已结束，感谢您的耐心。之后您可以继续直接向我提问。',
  notStaff: '抱歉，这是工作人员专用指令，您无法使用。如需帮助请直接提问，或回复“人工”联系工作人员。',
  cancelled: '已退出企业登记。需要时回复“注册”即可重新开始。',
  nothingToCancel: '当前没有进行中的操作。',
} as const;
