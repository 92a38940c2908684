import * as app from "./app";
import * as dashboard from "./dashboard";
import * as members from "./members";
import * as requests from "./requests";
import * as money from "./money";
import * as renewals from "./renewals";
import * as mail from "./mail";
import * as books from "./books";
import * as imports from "./imports";
import * as paheko from "./paheko";
import * as plans from "./plans";
import * as accounts from "./accounts";
import * as settings from "./settings";
import * as reports from "./reports";
import * as common from "./common";
import * as team from "./team";
import * as gettingStarted from "./gettingStarted";

// Every area's catalog, listed once: each language's catalog is the merge of its areas (a key
// of a later area wins, as with object spread).
const AREAS = [
  app,
  dashboard,
  members,
  requests,
  money,
  renewals,
  mail,
  books,
  imports,
  paheko,
  plans,
  accounts,
  settings,
  reports,
  common,
  team,
  gettingStarted,
] as const;

type Area = (typeof AREAS)[number];

// The merge's type: the intersection of the areas' types, so that its keys are all of theirs.
type Merged<Catalog> = (Catalog extends unknown ? (catalog: Catalog) => void : never) extends (
  catalog: infer All,
) => void
  ? All
  : never;

export const fr = Object.assign({}, ...AREAS.map((area) => area.fr)) as Merged<Area["fr"]>;
export const en = Object.assign({}, ...AREAS.map((area) => area.en)) as Merged<Area["en"]>;
