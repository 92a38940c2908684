-- A member's revision: how many times their profile (the form's fields) changed. An editor
-- sends back the revision they read; a different one means someone else saved meanwhile, and
-- the edit is refused (ops::members::Update). A trigger counts, so every path that rewrites
-- a profile (the form, the CLI, imports, erasure) counts alike; the columns other tables keep
-- up to date (fee_paid_until) or derive (search_text, sort_key) do not count.
ALTER TABLE members ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER members_revision AFTER UPDATE OF kind, first_name, last_name, org_name, email,
    street, postal_code, city, country, phone, lang, joined_on, notes ON members
    WHEN NEW.revision = OLD.revision
BEGIN
    UPDATE members SET revision = OLD.revision + 1 WHERE id = NEW.id;
END;
