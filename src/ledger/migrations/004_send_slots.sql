-- Send slots shared by every worker process, as a sliding window per bot.
--
-- send_rate.recent holds the bot's latest slots, oldest first (at most the limit). A new slot is
-- the earliest moment that is p_lead_ms from now, p_spacing_ms after the bot's latest slot (tat), and
-- p_window_ms after the slot p_limit places back: so any p_limit + 1 consecutive slots span at least
-- p_window_ms, and a stretch the senders could not use (a stalled process gave its slots back with
-- release_send_slot) is made up at the minimum spacing instead of being lost.
ALTER TABLE send_rate ADD COLUMN recent timestamptz[] NOT NULL DEFAULT '{}';

-- One atomic reservation for one message. The bot's row is locked first (every reservation of the
-- bot is serialised on it), then the chat's. If the chat is not free by the slot, nothing is taken
-- (reserved = false, wait_ms = until the chat is free), so a busy chat leaves no hole in the bot's
-- schedule; otherwise the chat's next slot is p_chat_gap_ms after this one. now_ms is the database
-- clock (epoch ms) read after the locks and wait_ms the time from it to the slot: a caller knows the
-- clock was read between sending the call and getting the answer, and from many calls learns its own
-- clock's offset to the database's within the fastest round trip. slot_us identifies the slot for
-- release_send_slot.
CREATE FUNCTION reserve_send_slot(
  p_bot text, p_chat text, p_limit integer, p_window_ms double precision, p_spacing_ms double precision,
  p_chat_gap_ms double precision, p_lead_ms double precision
) RETURNS TABLE (reserved boolean, wait_ms double precision, now_ms double precision, slot_us bigint)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ms CONSTANT interval := interval '1 millisecond';
  v_bot timestamptz;
  v_recent timestamptz[];
  v_n integer;
  v_chat timestamptz;
  v_now timestamptz;
  v_slot timestamptz;
BEGIN
  -- Slots need no durability (a server crash forgets the last few, harmlessly); waiting for the disk
  -- would stall every sender of the bot, since they all queue on its row.
  PERFORM set_config('synchronous_commit', 'off', true);
  INSERT INTO send_rate (key, tat) VALUES (p_bot, '-infinity') ON CONFLICT (key) DO NOTHING;
  SELECT tat, recent INTO v_bot, v_recent FROM send_rate WHERE key = p_bot FOR UPDATE;
  IF p_chat IS NOT NULL THEN
    INSERT INTO send_rate (key, tat) VALUES (p_chat, '-infinity') ON CONFLICT (key) DO NOTHING;
    SELECT tat INTO v_chat FROM send_rate WHERE key = p_chat FOR UPDATE;
  END IF;
  v_now := clock_timestamp();
  v_n := coalesce(array_length(v_recent, 1), 0);
  v_slot := greatest(v_bot, v_now + p_lead_ms * ms);
  IF v_n >= p_limit THEN
    v_slot := greatest(v_slot, v_recent[v_n - p_limit + 1] + p_window_ms * ms);
  END IF;
  IF v_chat IS NOT NULL AND v_chat > v_slot THEN
    RETURN QUERY SELECT false, (extract(epoch FROM v_chat - v_now) * 1000)::double precision,
      (extract(epoch FROM v_now) * 1000)::double precision, NULL::bigint;
    RETURN;
  END IF;
  UPDATE send_rate
     SET tat = v_slot + p_spacing_ms * ms,
         recent = v_recent[greatest(1, v_n - p_limit + 2):v_n] || v_slot
   WHERE key = p_bot;
  IF p_chat IS NOT NULL THEN
    UPDATE send_rate SET tat = v_slot + p_chat_gap_ms * ms WHERE key = p_chat;
  END IF;
  RETURN QUERY SELECT true, (extract(epoch FROM v_slot - v_now) * 1000)::double precision,
    (extract(epoch FROM v_now) * 1000)::double precision, (extract(epoch FROM v_slot) * 1000000)::bigint;
END
$$;

-- A slot that will not be used (its sender woke too late, or lost its claim): forget it, so the
-- window counts only sends that may still happen. Slots are at least the spacing apart, so the one
-- within a millisecond of p_slot_us is the one. The chat's reservation is given back too when no one
-- has reserved the chat since (its next-free time is still this slot + p_chat_gap_ms): the chat is
-- then free from this slot on, which is no earlier than it was free before the reservation.
CREATE FUNCTION release_send_slot(p_bot text, p_slot_us bigint, p_chat text, p_chat_gap_ms double precision) RETURNS void
LANGUAGE sql VOLATILE AS $$
  SELECT set_config('synchronous_commit', 'off', true);
  UPDATE send_rate
     SET recent = array(SELECT x FROM unnest(recent) AS x WHERE abs(extract(epoch FROM x) * 1000000 - p_slot_us) >= 1000 ORDER BY x)
   WHERE key = p_bot;
  UPDATE send_rate
     SET tat = to_timestamp(p_slot_us / 1000000.0)
   WHERE p_chat IS NOT NULL AND key = p_chat
     AND abs(extract(epoch FROM tat) * 1000000 - (p_slot_us + p_chat_gap_ms * 1000)) < 1000;
$$;
