// How the Settings screen groups the core's settings (src/settings.rs KEYS). A key the core
// adds later and no group names still shows, under "other".
export const SETTING_GROUPS = [
  {
    id: "identity",
    keys: [
      "name",
      "legal_form",
      "rna",
      "siren",
      "address",
      "purpose",
      "website",
      "contact_email",
      "founded_on",
      "chatons_since",
      "country_code",
      "logo_url",
    ],
  },
  {
    id: "money",
    keys: [
      "tax_receipts",
      "fiscal_year_start",
      "accounting_basis",
      "volunteer_hour_value",
      "currency",
      "grace_days",
      "signer_name",
      "signer_title",
      "receipt_body_kind",
      "funding_url",
    ],
  },
  { id: "economic", keys: ["economic_model"] },
  {
    id: "infrastructure",
    keys: [
      "infrastructure",
      "host_provider_name",
      "host_provider_type",
      "host_server_type",
      "host_country_code",
      "backups",
      "registration",
      "terms_url",
      "privacy_url",
      "legal_url",
      "log_retention",
      "report_threshold",
    ],
  },
  { id: "app", keys: ["operator", "lang", "getting_started"] },
  { id: "backup", keys: ["backup_dir"] },
] as const;

export type SettingGroupId = (typeof SETTING_GROUPS)[number]["id"] | "other";

/** Settings that take a paragraph rather than a line. */
export const LONG_TEXT = new Set(["purpose", "economic_model", "infrastructure", "backups", "address"]);

/** `fields` split into the groups, in the groups' order; unknown keys go to "other". */
export function groupSettings<T extends { key: string }>(
  fields: readonly T[],
): { id: SettingGroupId; fields: T[] }[] {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const placed = new Set<string>();
  const groups: { id: SettingGroupId; fields: T[] }[] = SETTING_GROUPS.map((group) => {
    const found: T[] = [];
    for (const key of group.keys) {
      const field = byKey.get(key);
      if (field) {
        found.push(field);
        placed.add(key);
      }
    }
    return { id: group.id, fields: found };
  });
  const other = fields.filter((f) => !placed.has(f.key));
  if (other.length > 0) {
    groups.push({ id: "other", fields: other });
  }
  return groups.filter((g) => g.fields.length > 0);
}

/** The keys whose value differs from what was loaded. */
export function changedKeys(
  loaded: Readonly<Record<string, string>>,
  edited: Readonly<Record<string, string>>,
): string[] {
  return Object.keys(edited).filter((key) => edited[key] !== loaded[key]);
}
