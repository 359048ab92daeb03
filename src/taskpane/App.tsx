/**
 * The task pane. At the top, where things stand: T1–T6 with value, target of the current step,
 * status and bar, and the data-quality count (Headline), for the entity chosen. Below: the
 * refresh of the dashboards (year, step, entity), the contracts behind a figure (choosing one
 * selects its row in the register), the reconciliation with a DECP file chosen in the pane, the cotation CAD, the referential in use (and « Créer un
 * référentiel modifiable »), the details of what was found in the workbook, the issues (choosing
 * one selects its cell), and help. Everything the user reads is French. Keyboard: every control
 * is a Fluent UI v9 button, field, combobox or accordion (tab order follows the page); the
 * data-quality count moves the focus to the list of issues.
 */
import * as React from "react";
import { makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from "@fluentui/react-components";
import type { Snapshot } from "../functions/source";
import type { Contract, DateValue, Issue } from "../register/types";
import type { Results } from "../indicators/types";
import { registerEntities, registerYears } from "../indicators/engine";
import { buildTemplate } from "../dashboards/template";
import type { TemplateResult, WorkbookPort } from "../excel/port";
import type { RefreshOptions, RefreshOutcome, RefreshStep } from "../excel/refresh";
import { createReferential } from "../excel/refresh";
import type { Busy, Exclusive } from "../excel/lock";
import type { SpaserStore } from "../excel/store";
import { Headline } from "./Headline";
import { RegisterSummary } from "./RegisterSummary";
import { ReadStatus } from "./ReadStatus";
import { IssuesList } from "./IssuesList";
import { RefreshPanel } from "./RefreshPanel";
import { CotationPanel } from "./CotationPanel";
import { TemplatePrompt } from "./TemplatePrompt";
import { HelpSection } from "./HelpSection";
import { DrillDown } from "./DrillDown";
import { ReferentialSection } from "./ReferentialSection";
import { ReportPanel } from "./ReportPanel";
import { ReconcilePanel } from "./ReconcilePanel";
import { useSectionStyles } from "./styles";

export { MAX_ISSUES_SHOWN } from "./IssuesList";
export { describeSource, isoDay } from "./text";

export interface AppProps {
  store: SpaserStore;
  port: Pick<WorkbookPort, "selectCell" | "selectRow" | "createTemplate" | "createSheet">;
  refresh: (options: RefreshOptions) => Promise<RefreshOutcome>;
  /** Writes or refreshes the sheet "Cotation CAD" (recurrent contracts in the cotation window of Paramètres). */
  cotation?: (reference: DateValue) => Promise<RefreshOutcome>;
  /** Creates the template register (default: through the port, then reads the workbook again). */
  template?: () => Promise<TemplateResult>;
  /** Writes the referential in use as a new sheet « Référentiel » (default: through the port). */
  referential?: () => Promise<RefreshOutcome>;
  /** The add-in's queue of tasks: shows a refresh started elsewhere (ribbon) while it runs. */
  tasks?: Pick<Exclusive, "current" | "subscribe">;
  /** Today, for the default reference date of the cotation. */
  today?: () => Date;
  /** Outcome of a refresh started elsewhere (ribbon command), shown when the pane opens. */
  lastOutcome?: RefreshOutcome | null;
  /** Lets the pane hear of refreshes started elsewhere. */
  outcomes?: Set<(o: RefreshOutcome) => void>;
  /** Shows the annual report (an Office dialog in Excel); without it the pane offers no report. */
  openReport?: (html: string) => Promise<void>;
  /** The workbook's file name, named as the source of the report. */
  workbookName?: string;
}

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "16px", padding: "12px 14px 24px", color: tokens.colorNeutralForeground1 },
  h1: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
});

/** The store's snapshot, kept current. */
function useSnapshot(store: SpaserStore): Snapshot | null {
  const [snap, setSnap] = React.useState<Snapshot | null>(null);
  React.useEffect(() => {
    let alive = true;
    const off = store.subscribe((x) => alive && setSnap(x));
    void store.current().then((x) => alive && setSnap(x));
    return () => {
      alive = false;
      off();
    };
  }, [store]);
  return snap;
}

/** The task running in the add-in, if any. */
function useBusy(tasks: AppProps["tasks"]): Busy | null {
  const [busy, setBusy] = React.useState<Busy | null>(tasks?.current ?? null);
  React.useEffect(() => {
    if (!tasks) return;
    setBusy(tasks.current);
    return tasks.subscribe(setBusy);
  }, [tasks]);
  return busy;
}

export function App({ store, port, refresh, cotation, template, referential, tasks, today = () => new Date(), lastOutcome = null, outcomes, openReport, workbookName }: AppProps): React.ReactElement {
  const s = useStyles();
  const c = useSectionStyles();
  const snap = useSnapshot(store);
  const busy = useBusy(tasks);
  const [step, setStep] = React.useState<RefreshStep | null>(null);
  const [outcome, setOutcome] = React.useState<RefreshOutcome | null>(lastOutcome);
  const [notice, setNotice] = React.useState<{ ok: boolean; text: string } | null>(null);
  const [creating, setCreating] = React.useState(false);
  const [coting, setCoting] = React.useState(false);
  const [referencing, setReferencing] = React.useState(false);
  const issuesHeading = React.useRef<HTMLHeadingElement>(null);

  React.useEffect(() => {
    if (!outcomes) return;
    const l = (o: RefreshOutcome) => setOutcome(o);
    outcomes.add(l);
    return () => {
      outcomes.delete(l);
    };
  }, [outcomes]);

  const register = snap?.register ?? null;
  // The entity chosen may have left the register since: said, and the choice stays to be changed.
  let results: Results | null = null;
  let entityProblem: string | null = null;
  try {
    results = register ? (snap?.results() ?? null) : null;
  } catch (e) {
    entityProblem = e instanceof Error ? e.message : String(e);
  }
  const years = register ? registerYears(register) : [];
  const entities = React.useMemo(() => (register ? [...registerEntities(register.contracts).values()] : []), [register]);
  const working = step !== null || creating || coting || referencing || busy !== null;
  const etapeLabels = register?.parameters.libelleEtape ?? ["Étape 1", "Étape 2"];
  const stepLabel = etapeLabels[(snap?.etape ?? 1) - 1];

  const onRefresh = async () => {
    setOutcome(null);
    setNotice(null);
    setStep("lecture");
    try {
      setOutcome(await refresh({ onStep: setStep }));
    } finally {
      setStep(null);
    }
  };

  const onTemplate = async () => {
    setCreating(true);
    setNotice(null);
    try {
      const r = template ? await template() : await port.createTemplate(buildTemplate()).then(async (x) => (await store.reload(), x));
      setNotice({ ok: true, text: `Registre modèle créé : feuilles ${r.sheets.map((n) => `« ${n} »`).join(", ")}. Saisissez vos marchés dans la feuille « ${r.sheets[0]} ».` });
    } catch (e) {
      setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setCreating(false);
    }
  };

  const onContract = async (c: Contract) => {
    try {
      await port.selectRow(c.sheet, c.row);
    } catch (e) {
      setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  const onReferential = () => (referential ? referential() : createReferential(store, port));

  const onIssue = async (i: Issue) => {
    if (!i.cell) return;
    try {
      await port.selectCell(i.cell);
    } catch (e) {
      setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <main className={s.root} aria-labelledby="spaser-title">
      <h1 id="spaser-title" className={s.h1}>
        Suivi du SPASER
      </h1>
      {!snap && <Spinner size="tiny" label="Lecture du classeur…" />}
      {snap && <ReadStatus snap={snap} />}

      {register && results && (
        <section className={c.section} aria-labelledby="spaser-glance">
          <h2 id="spaser-glance" className={c.h2}>
            Où en est-on ? {results.year}, {stepLabel.toLowerCase()}
            {results.entity ? `, ${results.entity}` : ""}
          </h2>
          <Headline results={results} issues={register.issues} stepLabel={stepLabel} onShowIssues={() => issuesHeading.current?.focus()} />
        </section>
      )}

      {entityProblem && (
        <MessageBar intent="warning" role="alert">
          <MessageBarBody>{entityProblem} : choisissez une autre entité ci-dessous.</MessageBarBody>
        </MessageBar>
      )}

      {snap && !register && <TemplatePrompt message={snap.message} onCreate={onTemplate} creating={creating} disabled={working} />}
      {notice && (
        <MessageBar intent={notice.ok ? "success" : "error"} role={notice.ok ? "status" : "alert"}>
          <MessageBarBody>{notice.text}</MessageBarBody>
        </MessageBar>
      )}

      {register && (
        <RefreshPanel
          years={years}
          year={snap?.year ?? null}
          etape={snap?.etape ?? 1}
          etapeLabels={etapeLabels}
          onYear={(y) => store.setYear(y)}
          onEtape={(e) => store.setEtape(e)}
          entities={entities}
          entity={snap?.entity ?? null}
          onEntity={(e) => store.setEntity(e)}
          onRefresh={onRefresh}
          step={step}
          busy={step ? null : busy}
          disabled={working}
          outcome={outcome}
        />
      )}

      {register && results && snap && <DrillDown snap={snap} register={register} results={results} onSelectContract={onContract} />}

      {register && results && snap && openReport && (
        <ReportPanel
          register={register}
          results={results}
          resultsOf={(y) => snap.results(y)}
          workbookName={workbookName ?? "classeur"}
          open={openReport}
          disabled={working}
        />
      )}

      {register && (
        <ReconcilePanel
          register={register}
          year={snap?.year ?? null}
          entity={snap?.entity ?? null}
          onSelectRow={(sheet, row) => void port.selectRow(sheet, row).catch((e: unknown) => setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) }))}
          disabled={working}
        />
      )}

      {register && cotation && <CotationPanel cotation={cotation} parameters={register.parameters} today={today} disabled={working && !coting} onRunning={setCoting} pending={register.decisions?.pending.map((p) => p.decidedOn)} />}

      {register && results && (
        <ReferentialSection
          info={results.referential}
          issues={register.issues.filter((i) => (results.referential.sheet && i.sheet === results.referential.sheet) || (i.sheet === results.referential.plan?.sheet && i.severity !== "info"))}
          onSelectIssue={onIssue}
          onCreate={onReferential}
          disabled={working && !referencing}
          onRunning={setReferencing}
        />
      )}

      {register && (
        <section className={c.section} aria-labelledby="spaser-found">
          <h2 id="spaser-found" className={c.h2}>
            Données du classeur
          </h2>
          <RegisterSummary register={register} />
        </section>
      )}

      {register && <IssuesList issues={register.issues} onSelect={onIssue} headingRef={issuesHeading} />}

      <HelpSection />
    </main>
  );
}
