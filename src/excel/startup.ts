/**
 * The shared runtime's start: one store, one workbook port and one queue of tasks for the task
 * pane, the ribbon command and the custom functions (which reach the store through
 * setIndicatorSource). The ribbon and the pane share this module's single instance, so one
 * refresh runs at a time: a second request while one runs waits for it and gets its outcome.
 * https://learn.microsoft.com/office/dev/add-ins/excel/configure-your-add-in-to-use-a-shared-runtime
 */
import { buildDashboardPlans } from "../dashboards";
import { buildTemplate } from "../dashboards/template";
import { setIndicatorSource } from "../functions/runtime";
import type { DateValue } from "../register/types";
import { detectCapabilities } from "./capabilities";
import { Busy, Exclusive } from "./lock";
import { OfficeWorkbook } from "./office-workbook";
import type { TemplateResult } from "./port";
import { createReferential, refreshCotation, refreshDashboards, RefreshOptions, RefreshOutcome } from "./refresh";
import type { ExcelRun } from "./run";
import { SpaserStore } from "./store";

export interface Addin {
  store: SpaserStore;
  port: OfficeWorkbook;
  /** The add-in's tasks (refresh, cotation, template), one at a time. */
  tasks: Exclusive;
  /** Refreshes the dashboards; joins the refresh in progress, if any. */
  refresh(options?: RefreshOptions & { origin?: string }): Promise<RefreshOutcome>;
  /** Writes or refreshes the sheet "Cotation CAD" for a reference date. */
  cotation(reference: DateValue): Promise<RefreshOutcome>;
  /** Creates the sheets of the template register. */
  template(): Promise<TemplateResult>;
  /** Writes the referential in use as a new sheet « Référentiel », the user's own. */
  referential(): Promise<RefreshOutcome>;
  /** Outcome of the last refresh, whoever started it. */
  lastOutcome: RefreshOutcome | null;
  /** Called after every refresh. */
  onOutcome: Set<(o: RefreshOutcome) => void>;
}

export const REFRESH_LABEL = "actualisation des tableaux de bord";

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

/** The add-in over a workbook port (Office.js in Excel, a fake in tests). */
export function createAddin(port: OfficeWorkbook, options: { source?: () => string | undefined; store?: SpaserStore } = {}): Addin {
  const store = options.store ?? new SpaserStore(port, { idle: () => port.exclusive.idle() });
  const tasks = new Exclusive();
  const source = options.source ?? (() => undefined);
  let running: Promise<RefreshOutcome> | null = null;
  const addin: Addin = {
    store,
    port,
    tasks,
    lastOutcome: null,
    onOutcome: new Set(),
    refresh(o = {}) {
      // A second click (ribbon or pane) while a refresh runs waits for it: one refresh at a time.
      if (running) return running;
      const { origin, ...refreshOptions } = o;
      const busy: Busy = { label: REFRESH_LABEL, ...(origin ? { origin } : {}) };
      const src = source();
      running = tasks
        .run(busy, () => refreshDashboards(store, port, buildDashboardPlans, { ...(src ? { source: src } : {}), ...refreshOptions }))
        .then((outcome) => {
          addin.lastOutcome = outcome;
          for (const l of addin.onOutcome) l(outcome);
          return outcome;
        })
        .finally(() => {
          running = null;
        });
      return running;
    },
    cotation(reference: DateValue) {
      const src = source();
      return tasks.run({ label: "préparation de la cotation CAD" }, () => refreshCotation(store, port, reference, src ? { source: src } : {}));
    },
    template() {
      return tasks.run({ label: "création du registre modèle" }, async () => {
        const r = await port.createTemplate(buildTemplate());
        await store.reload();
        return r;
      });
    },
    referential() {
      return tasks.run({ label: "création du référentiel modifiable" }, () => createReferential(store, port));
    },
  };
  return addin;
}

export function getAddin(): Addin {
  if (instance) return instance;
  const run: ExcelRun = (options, batch) => officeReady.then(() => Excel.run(options, batch));
  const port = new OfficeWorkbook(run, { caps: detectCapabilities() });
  const addin = createAddin(port, { source: workbookName });
  instance = addin;
  setIndicatorSource(addin.store);
  void officeReady.then(() => addin.store.start());
  return addin;
}
