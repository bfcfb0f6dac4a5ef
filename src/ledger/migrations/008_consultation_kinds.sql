-- 008: what a recorded message was, and leaving the hand-off queue (issue 14, items 6 and 12).
-- The ledger keeps every interaction; the office's counts (dashboard, the day's figures, the 台账's
-- consultation count, the hand-off rate) read real questions only.

-- question   a question the answer layer answered (the only kind the counts read)
-- onboarding a step of registering an enterprise (注册, the name, the code, "H", "12" …)
-- button     a button pressed, or a numbered choice typed on a text channel
-- command    /start, 帮助, 订阅, 退订, 取消 and other commands
-- handoff    asking for a person (人工), or leaving the queue (取消, 结束人工)
-- other      not a question: small talk the answer layer found out of scope, stickers, images
ALTER TABLE consultations ADD COLUMN kind text NOT NULL DEFAULT 'question'
  CHECK (kind IN ('question', 'onboarding', 'button', 'command', 'handoff', 'other'));

-- Rows written before this migration, told apart as far as their text allows: the engine wrote button
-- presses as "[按钮] …" and media as "[表情]" and the like; a message it recorded without answering
-- from the answer layer has no confidence. Keys "channel:chat:message" are the engine's own.
UPDATE consultations SET kind = CASE
    WHEN question LIKE '[按钮] %' THEN 'button'
    WHEN question IN ('[表情]', '[图片]', '[语音]', '[视频]', '[文件]', '[其他消息]') THEN 'other'
    WHEN question ~ '^/[A-Za-z_]+' THEN 'command'
    WHEN handoff_state <> 'none' AND confidence IS NULL THEN 'handoff'
    WHEN confidence IS NULL AND idempotency_key ~ '^(telegram|wechat|web|console):' THEN 'other'
    -- Small talk the answer layer found out of scope ("还在吗", "谢谢") got its fixed reply.
    WHEN answer LIKE '这个问题好像不在用工指导的范围内%' THEN 'other'
    ELSE 'question' END
  WHERE question LIKE '[按钮] %' OR question LIKE '[%]' OR question ~ '^/' OR confidence IS NULL
    OR answer LIKE '这个问题好像不在用工指导的范围内%';

CREATE INDEX consultations_kind_asked_at_idx ON consultations (asked_at) WHERE kind = 'question';

-- withdrawn: the user left the queue (取消, 结束人工, 不用了) before staff closed it.
ALTER TABLE consultations DROP CONSTRAINT consultations_handoff_state_check;
ALTER TABLE consultations ADD CONSTRAINT consultations_handoff_state_check
  CHECK (handoff_state IN ('none', 'requested', 'claimed', 'resolved', 'withdrawn'));
