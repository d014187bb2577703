-- The open numbers read requests through portal.request_outcome (migration 080). Now that every step of
-- a request is sealed (migration 070), the view reads the truth from the steps: answered (or refused)
-- when that step was sealed, the deadline the request has now (extended or not), and for a re-assessment
-- whether the human who re-assessed changed the decision.
create or replace view portal.request_outcome as
select
  c.municipality_code,
  r.kind as type,
  r.created_at as received_at,
  done.occurred_at as answered_at,
  r.deadline,
  case when r.kind = 'reassessment' then (done.details ->> 'outcome') = 'changed' end as changed_decision
from portal.citizen_request r
join audit."case" c on c.id = r.case_id
left join lateral (
  select s.occurred_at, s.details
  from portal.citizen_request_step s
  where s.request_id = r.id and s.action in ('answered', 'refused')
  order by s.seq
  limit 1
) done on true;

grant select on portal.request_outcome to indsigt_portal;
