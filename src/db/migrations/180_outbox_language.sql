-- The language a Digital Post letter is written in (MeMo's language of the main document), kept with
-- the letter so the staff's outbox page can mark its title with it: on an English page a Danish title
-- is read by a screen reader as Danish (WCAG 3.1.2). Letters written before this were all Danish.
alter table portal.outbox_message
  add column language text not null default 'da' check (language in ('da', 'en'));
