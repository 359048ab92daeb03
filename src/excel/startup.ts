/**
 * The shared runtime's start: one store and one workbook port for the task pane, the ribbon
 * command and the custom functions (which reach the store through setIndicatorSource).
 */
import { buildDashboardPlans } from "../dashboards";
import { setIndicatorSource } from "../functions/runtime";
import { OfficeWorkbook } from "./office-workbook";
import { refreshCotation, refreshDashboards, RefreshOptions, RefreshOutcome } from "./refresh";
import type { DateValue } from "../register/types";
import { SpaserStore } from "./store";

export interface Addin {
  store: SpaserStore;
  port: OfficeWorkbook;
  /** Refreshes the dashboards; the outcome is also kept for the pane (ribbon command). */
  refresh(options?: RefreshOptions): Promise<RefreshOutcome>;
  /** Writes or refreshes the sheet "Cotation CAD" for a reference date. */
  cotation(reference: DateValue): Promise<RefreshOutcome>;
  /** Outcome of the last refresh, whoever started it. */
  lastOutcome: RefreshOutcome | null;
  /** Called after every refresh. */
  onOutcome: Set<(o: RefreshOutcome) => void>;
}

let instance: Addin | null = null;

const officeReady: Promise<unknown> = typeof Office !== "undefined" ? Office.onReady() : Promise.resolve();

/** The workbook's file name, shown on the dashboards as the source of the data. */
function workbookName(): string | undefined {
  try {
    const url = Office.context?.document?.url;
    if (!url) return undefined;
    const name = decodeURIComponent(url.split(/[\\/]/).pop() ?? "");
    return name || undefined;
  } catch {
    return undefined;
  }
}

export function getAddin(): Addin {
  if (instance) return instance;
  const port = new OfficeWorkbook((batch) => officeReady.then(() => Excel.run(batch)));
  const store = new SpaserStore(port);
  const addin: Addin = {
    store,
    port,
    lastOutcome: null,
    onOutcome: new Set(),
    async refresh(options: RefreshOptions = {}) {
      const source = workbookName();
      const outcome = await refreshDashboards(store, port, buildDashboardPlans, { ...(source ? { source } : {}), ...options });
      addin.lastOutcome = outcome;
      for (const l of addin.onOutcome) l(outcome);
      return outcome;
    },
    cotation(reference: DateValue) {
      const source = workbookName();
      return refreshCotation(store, port, reference, source ? { source } : {});
    },
  };
  instance = addin;
  setIndicatorSource(store);
  void officeReady.then(() => store.start());
  return addin;
}
