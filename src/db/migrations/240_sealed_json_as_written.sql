-- Bulk load (issue 15): the explanation and English texts of AI events and decisions are stored as
-- `json`, the text the writer sealed, instead of `jsonb`. No query looks inside them: they are read
-- whole and checked against their hash in the application. jsonb parsed each value into its binary
-- form on the way in and printed it back to text on the way out; it was about a third of the database's
-- time for each COPY of AI events. json only checks that the text is JSON. An object is still required.
-- Rewrites the two tables once: on a large existing store, run it in a maintenance window.
alter table audit.ai_event
  drop constraint if exists ai_event_explanation_check,
  drop constraint if exists ai_event_en_check,
  alter column explanation type json using explanation::json,
  alter column en type json using en::json,
  add constraint ai_event_explanation_check check (explanation is null or json_typeof(explanation) = 'object'),
  add constraint ai_event_en_check check (en is null or json_typeof(en) = 'object');
alter table audit.decision
  drop constraint if exists decision_en_check,
  alter column en type json using en::json,
  add constraint decision_en_check check (en is null or json_typeof(en) = 'object');

-- What migrations 170 and 200 set for these columns, kept after the change of type.
alter table audit.ai_event alter column explanation set statistics 0, alter column en set statistics 0;
alter table audit.decision alter column en set statistics 0;
do $$
begin
  alter table audit.ai_event alter column explanation set compression lz4;
exception when feature_not_supported or invalid_parameter_value then
  null;
end $$;
