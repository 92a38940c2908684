// The admin screens' commands (src-tauri/src/commands/{plans,accounts,nextcloud,settings}.rs).
// Form commands reject with a FormError (the field to show it next to, and the sentence);
// the others with a sentence.
import { invoke } from "../backend";
import type { AccountsView } from "../../generated/AccountsView";
import type { ApplyView } from "../../generated/ApplyView";
import type { BackupRow } from "../../generated/BackupRow";
import type { BackupsView } from "../../generated/BackupsView";
import type { ConnectionTest } from "../../generated/ConnectionTest";
import type { FormError } from "../../generated/FormError";
import type { GrantForm } from "../../generated/GrantForm";
import type { GrantRow } from "../../generated/GrantRow";
import type { MemberPick } from "../../generated/MemberPick";
import type { NextcloudSettings } from "../../generated/NextcloudSettings";
import type { PlanForm } from "../../generated/PlanForm";
import type { PlanRow } from "../../generated/PlanRow";
import type { PullView } from "../../generated/PullView";
import type { SettingField } from "../../generated/SettingField";
import type { SyncPlanView } from "../../generated/SyncPlanView";

export type * from "../../generated/AccountRow";
export type * from "../../generated/ActionView";
export type * from "../../generated/DowngradeView";
export type * from "../../generated/ProposalView";
export type * from "../../generated/PlanItemView";
export type * from "../../generated/AccountResultView";
export type {
  AccountsView,
  ApplyView,
  BackupRow,
  BackupsView,
  ConnectionTest,
  FormError,
  GrantForm,
  GrantRow,
  MemberPick,
  NextcloudSettings,
  PlanForm,
  PlanRow,
  PullView,
  SettingField,
  SyncPlanView,
};

export const admin = {
  plansList: () => invoke<PlanRow[]>("plans_list"),
  planAdd: (form: PlanForm) => invoke<PlanRow>("plan_add", { form }),
  planSetArchived: (id: number, archived: boolean) =>
    invoke<PlanRow>("plan_set_archived", { id, archived }),

  accountsList: (filter: string, member: number | null) =>
    invoke<AccountsView>("accounts_list", { filter, member }),
  memberSearch: (search: string) => invoke<MemberPick[]>("accounts_member_search", { search }),
  accountOpen: (memberId: number, service: string, login: string) =>
    invoke<number>("account_open", { memberId, service, login }),
  accountSetEnabled: (service: string, login: string, enabled: boolean, reason: string) =>
    invoke<void>("account_set_enabled", { service, login, enabled, reason }),
  quotaGrant: (form: GrantForm) => invoke<GrantRow>("quota_grant", { form }),
  quotaGrants: (accountId: number) => invoke<GrantRow[]>("quota_grants", { accountId }),
  quotaEndGrant: (id: number, reason: string) =>
    invoke<GrantRow>("quota_end_grant", { id, reason }),

  nextcloudSettings: () => invoke<NextcloudSettings | null>("nextcloud_settings"),
  nextcloudConfigure: (
    url: string,
    adminUser: string,
    ocsVersion: number,
    password: string | null,
  ) =>
    invoke<NextcloudSettings>("nextcloud_configure", { url, adminUser, ocsVersion, password }),
  nextcloudTest: () => invoke<ConnectionTest>("nextcloud_test"),
  nextcloudPlan: (accept: string[]) => invoke<SyncPlanView>("nextcloud_plan", { accept }),
  nextcloudApply: (accept: string[]) => invoke<ApplyView>("nextcloud_apply", { accept }),
  nextcloudPull: () => invoke<PullView>("nextcloud_pull"),

  settingsList: () => invoke<SettingField[]>("settings_list"),
  settingSet: (key: string, value: string) => invoke<string>("setting_set", { key, value }),
  backupsList: () => invoke<BackupsView>("backups_list"),
  backupNow: () => invoke<BackupRow>("backup_now"),
};
