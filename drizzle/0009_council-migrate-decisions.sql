-- The council's list decision used to be two columns of the campaign; it moves into the council room
-- (decision 0070). Every recorded one becomes a migrated council decision, with its uploaded document.
-- The campaign columns stay as the copy the periodicity rules and the public campaign page read; only the
-- council room writes them from now on.
INSERT INTO "council_decisions" ("campaign_id", "kind", "number", "decided_on", "source", "document_id", "text")
SELECT c."id", 'list', c."council_decision_number", c."council_decision_date", 'migrated',
  (SELECT d."id" FROM "campaign_documents" d WHERE d."campaign_id" = c."id" AND d."kind" = 'council_decision' ORDER BY d."uploaded_at" DESC LIMIT 1),
  'Утвердить перечень организаций для проведения независимой оценки качества условий'
FROM "campaigns" c
WHERE c."council_decision_number" IS NOT NULL AND c."council_decision_date" IS NOT NULL;
