-- Organisations' names were compared with lower(trim(name)), which folds
-- only ASCII letters: "SOCIÉTÉ GÉNÉRALE", "Société Générale" and "Societe
-- Generale" were three organisations, so a member's own employer could see
-- them open to opportunities. They are now compared with org_key() (Go's
-- storage.OrgKey, registered on every connection): case, accents,
-- apostrophes, dashes and runs of spaces aside. The keys stored under the
-- old rule are recomputed; two rows that become one keep one (the same
-- staff member for the same organisation, or the same consent).
UPDATE OR REPLACE org_staff SET org_key = org_key(name);
UPDATE OR REPLACE workshop_consents SET org_key = org_key(org_key);
