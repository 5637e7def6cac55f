-- Citizens' voice keeps everything for the record: a rejected or hidden review, a rejected reply and a
-- consent stay with their reason or withdrawal date. The database refuses to delete them.
CREATE OR REPLACE FUNCTION noko_voice_no_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% keeps every row for the record: DELETE is not allowed', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER voice_reviews_no_delete BEFORE DELETE ON "voice_reviews" FOR EACH ROW EXECUTE FUNCTION noko_voice_no_delete();
--> statement-breakpoint
CREATE TRIGGER voice_replies_no_delete BEFORE DELETE ON "voice_replies" FOR EACH ROW EXECUTE FUNCTION noko_voice_no_delete();
--> statement-breakpoint
CREATE TRIGGER voice_consents_no_delete BEFORE DELETE ON "voice_consents" FOR EACH ROW EXECUTE FUNCTION noko_voice_no_delete();
