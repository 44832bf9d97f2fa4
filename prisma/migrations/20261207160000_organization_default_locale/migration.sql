-- The language an organization's portal speaks to a person who chose none and whose browser
-- asks for none the portal speaks (issue 23).
ALTER TABLE "organizations" ADD COLUMN "default_locale" TEXT NOT NULL DEFAULT 'en';
