// The people area's commands (src-tauri/src/commands/{dashboard,members,requests,database}.rs):
// the dashboard, the members, a member's page, the data-requests register, the demo.
import { invoke } from "../backend";
import type { AnswerFields } from "../../generated/AnswerFields";
import type { AssociationDetails } from "../../generated/AssociationDetails";
import type { DashboardFigures } from "../../generated/DashboardFigures";
import type { DatabaseStatus } from "../../generated/DatabaseStatus";
import type { ErasureDone } from "../../generated/ErasureDone";
import type { ErasurePlanView } from "../../generated/ErasurePlanView";
import type { ExportDone } from "../../generated/ExportDone";
import type { ExtensionFields } from "../../generated/ExtensionFields";
import type { FileBytes } from "../../generated/FileBytes";
import type { FormError } from "../../generated/FormError";
import type { MemberFields } from "../../generated/MemberFields";
import type { MemberList } from "../../generated/MemberList";
import type { MemberListQuery } from "../../generated/MemberListQuery";
import type { MemberListRow } from "../../generated/MemberListRow";
import type { MemberPageView } from "../../generated/MemberPageView";
import type { MemberSaved } from "../../generated/MemberSaved";
import type { NewRequestFields } from "../../generated/NewRequestFields";
import type { PlanOption } from "../../generated/PlanOption";
import type { RequestView } from "../../generated/RequestView";

export type {
  AnswerFields,
  AssociationDetails,
  DashboardFigures,
  ErasureDone,
  ErasurePlanView,
  ExportDone,
  ExtensionFields,
  FormError,
  MemberFields,
  MemberList,
  MemberListQuery,
  MemberListRow,
  MemberPageView,
  MemberSaved,
  NewRequestFields,
  PlanOption,
  RequestView,
};

export const people = {
  createAssociation: (path: string, name: string, details: AssociationDetails) =>
    invoke<DatabaseStatus>("create_association", { path, name, details }),
  openDemoAssociation: () => invoke<DatabaseStatus>("open_demo_association"),
  dashboardFigures: () => invoke<DashboardFigures>("dashboard_figures"),
  listMembers: (query: MemberListQuery) => invoke<MemberList>("list_members", { query }),
  memberPlans: () => invoke<PlanOption[]>("member_plans"),
  addMember: (fields: MemberFields) => invoke<MemberSaved>("add_member", { fields }),
  updateMember: (id: number, fields: MemberFields) =>
    invoke<MemberSaved>("update_member", { id, fields }),
  deleteMember: (id: number) => invoke<string>("delete_member", { id }),
  memberPage: (id: number) => invoke<MemberPageView>("member_page", { id }),
  exportMemberData: (id: number, path: string) =>
    invoke<ExportDone>("export_member_data", { id, path }),
  /** In a browser (the team server): the same operation answers the ZIP itself, to download. */
  memberDataFile: (id: number) => invoke<FileBytes>("export_member_data", { id }),
  erasurePlan: (id: number) => invoke<ErasurePlanView>("erasure_plan", { id }),
  eraseMember: (id: number) => invoke<ErasureDone>("erase_member", { id }),
  listRequests: (openOnly: boolean) => invoke<RequestView[]>("list_requests", { openOnly }),
  addRequest: (fields: NewRequestFields) => invoke<RequestView>("add_request", { fields }),
  extendRequest: (id: number, fields: ExtensionFields) =>
    invoke<RequestView>("extend_request", { id, fields }),
  answerRequest: (id: number, fields: AnswerFields) =>
    invoke<RequestView>("answer_request", { id, fields }),
};
