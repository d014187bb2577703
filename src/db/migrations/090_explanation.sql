-- Issue 13: the structured explanation of each AI event as applied to the citizen (role of the output,
-- factors with value, direction, weight/contribution and data source, the model's known limits), and
-- English texts next to the Danish ones (issue 12). All optional: a case system that sends neither is
-- stored as before. The explanation and the English texts of events and decisions are sealed in the
-- hash chain when present (src/domain/chain.ts), so they cannot change unnoticed.
alter table audit.ai_event add column explanation jsonb
  check (explanation is null or jsonb_typeof(explanation) = 'object');
alter table audit.ai_event add column en jsonb check (en is null or jsonb_typeof(en) = 'object');
alter table audit.decision add column en jsonb check (en is null or jsonb_typeof(en) = 'object');

alter table audit."case" add column title_en text;
alter table audit.data_source add column name_en text;
alter table audit.data_source add column owner_authority_en text;
alter table audit.ai_system add column name_en text;
alter table audit.ai_system add column legal_basis_en text;

-- Only a recommendation or a profile can be followed or departed from; a decision whose AI support
-- recommended nothing (a summary, a transcript, a sorted letter) was `checked` by the person deciding.
alter table audit.decision drop constraint decision_ai_assessment_check;
alter table audit.decision add constraint decision_ai_assessment_check
  check (ai_assessment in ('followed', 'departed', 'checked', 'no_ai'));
