/**
 * The task pane: what was found in the workbook, the data-quality issues (choosing one selects
 * its cell), the year and step, the refresh of the dashboards, and the template register for a
 * workbook without one. Everything the user reads is French.
 */
import * as React from "react";
import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Radio,
  RadioGroup,
  Select,
  Spinner,
  tokens,
} from "@fluentui/react-components";
import type { Snapshot } from "../functions/source";
import type { DateValue, Issue, Register, TableSource } from "../register/types";
import { makeDate } from "../register/values";
import { REGISTER_COLUMN_BY_KEY } from "../register/columns";
import { windowClause } from "../indicators/cotation";
import { registerYears } from "../indicators/engine";
import { buildTemplate } from "../dashboards/template";
import type { WorkbookPort } from "../excel/port";
import type { RefreshOptions, RefreshOutcome, RefreshStep } from "../excel/refresh";
import { STEP_LABEL } from "../excel/refresh";
import type { SpaserStore } from "../excel/store";

export interface AppProps {
  store: SpaserStore;
  port: Pick<WorkbookPort, "selectCell" | "createTemplate">;
  refresh: (options: RefreshOptions) => Promise<RefreshOutcome>;
  /** Writes or refreshes the sheet "Cotation CAD" (recurrent contracts whose next award falls in the window of Paramètres). */
  cotation?: (reference: DateValue) => Promise<RefreshOutcome>;
  /** Today, for the default reference date of the cotation. */
  today?: () => Date;
  /** Outcome of a refresh started elsewhere (ribbon command), shown when the pane opens. */
  lastOutcome?: RefreshOutcome | null;
  /** Lets the pane hear of refreshes started elsewhere. */
  outcomes?: Set<(o: RefreshOutcome) => void>;
}

/** Issues shown at most (the others are counted). */
export const MAX_ISSUES_SHOWN = 200;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: "16px", padding: "12px 14px 24px" },
  section: { display: "flex", flexDirection: "column", rowGap: "8px" },
  h1: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  h2: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold, margin: 0 },
  dl: { display: "grid", gridTemplateColumns: "max-content 1fr", columnGap: "8px", rowGap: "4px", margin: 0 },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0, overflowWrap: "anywhere" },
  list: { listStyleType: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", rowGap: "2px" },
  issue: { justifyContent: "flex-start", textAlign: "left", width: "100%", fontWeight: tokens.fontWeightRegular, height: "auto", paddingTop: "4px", paddingBottom: "4px" },
  row: { display: "flex", columnGap: "12px", flexWrap: "wrap", alignItems: "flex-end" },
});

const SEVERITY_LABEL: Record<Issue["severity"], string> = { error: "Erreur", warning: "Avertissement", info: "Information" };
const SEVERITY_ORDER: Record<Issue["severity"], number> = { error: 0, warning: 1, info: 2 };

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("fr-FR")} ${n > 1 ? many : one}`;
}

/** "Tableau « Registre » de la feuille « Registre », en-tête ligne 1" */
export function describeSource(s: TableSource): string {
  return s.table ? `Tableau « ${s.table} » de la feuille « ${s.sheet} »` : `Feuille « ${s.sheet} », en-tête ligne ${s.headerRow}`;
}

function issueText(i: Issue): string {
  const where = [i.cell ?? (i.row !== null ? `${i.sheet}, ligne ${i.row}` : i.sheet), i.column ? `« ${i.column} »` : null].filter(Boolean).join(" ");
  return `${SEVERITY_LABEL[i.severity]} — ${where} : ${i.message}`;
}

function Summary({ register }: { register: Register }): React.ReactElement {
  const s = useStyles();
  const src = register.source;
  const years = registerYears(register);
  const recognised = Object.keys(src.columns).map((k) => src.columns[k] || REGISTER_COLUMN_BY_KEY.get(k)?.header || k);
  const side = (label: string, t: TableSource | null) => (
    <>
      <dt className={s.dt}>{label}</dt>
      <dd className={s.dd}>{t ? describeSource(t) : "absent du classeur"}</dd>
    </>
  );
  return (
    <dl className={s.dl} aria-label="Registre trouvé">
      <dt className={s.dt}>Registre</dt>
      <dd className={s.dd}>{describeSource(src)}</dd>
      <dt className={s.dt}>Marchés</dt>
      <dd className={s.dd}>
        {plural(register.contracts.length, "marché", "marchés")} ({plural(src.rowsRead, "ligne lue", "lignes lues")}, {plural(src.rowsRejected, "rejetée", "rejetées")}
        {src.rowsMerged ? `, ${plural(src.rowsMerged, "fusionnée", "fusionnées")}` : ""})
      </dd>
      <dt className={s.dt}>Années</dt>
      <dd className={s.dd}>{years.length ? years.join(", ") : "aucun marché notifié (colonne « Date de notification » vide ou absente)"}</dd>
      <dt className={s.dt}>Colonnes reconnues</dt>
      <dd className={s.dd}>
        {recognised.length} : {recognised.join(", ")}
      </dd>
      <dt className={s.dt}>Colonnes non reconnues</dt>
      <dd className={s.dd}>{src.unknownColumns.length ? `${src.unknownColumns.length} (ignorées) : ${src.unknownColumns.join(", ")}` : "aucune"}</dd>
      {side("Activités", register.activitiesSource)}
      {side("Insertion", register.insertionSource)}
    </dl>
  );
}

/** "2026-11-26" of a date, in Paris (the value of a date input). */
export function isoDay(d: Date): string {
  const parts = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", day: "2-digit", month: "2-digit", year: "numeric" }).format(d).split("/");
  return `${parts[2]}-${parts[1]}-${parts[0]}`;
}

export function App({ store, port, refresh, cotation, today = () => new Date(), lastOutcome = null, outcomes }: AppProps): React.ReactElement {
  const s = useStyles();
  const [snap, setSnap] = React.useState<Snapshot | null>(null);
  const [step, setStep] = React.useState<RefreshStep | null>(null);
  const [outcome, setOutcome] = React.useState<RefreshOutcome | null>(lastOutcome);
  const [notice, setNotice] = React.useState<{ ok: boolean; text: string } | null>(null);
  const [creating, setCreating] = React.useState(false);
  const [reference, setReference] = React.useState(() => isoDay(today()));
  const [coting, setCoting] = React.useState(false);
  const [cotationOutcome, setCotationOutcome] = React.useState<RefreshOutcome | null>(null);
  const yearId = React.useId();

  React.useEffect(() => {
    let alive = true;
    const off = store.subscribe((x) => alive && setSnap(x));
    void store.current().then((x) => alive && setSnap(x));
    return () => {
      alive = false;
      off();
    };
  }, [store]);

  React.useEffect(() => {
    if (!outcomes) return;
    const l = (o: RefreshOutcome) => setOutcome(o);
    outcomes.add(l);
    return () => {
      outcomes.delete(l);
    };
  }, [outcomes]);

  const register = snap?.register ?? null;
  const years = register ? registerYears(register) : [];
  const busy = step !== null || creating || coting;

  const onRefresh = async () => {
    setOutcome(null);
    setNotice(null);
    setStep("lecture");
    try {
      const o = await refresh({ onStep: setStep });
      setOutcome(o);
    } finally {
      setStep(null);
    }
  };

  const onTemplate = async () => {
    setCreating(true);
    setNotice(null);
    try {
      const r = await port.createTemplate(buildTemplate());
      setNotice({ ok: true, text: `Registre modèle créé : feuilles ${r.sheets.map((n) => `« ${n} »`).join(", ")}. Saisissez vos marchés dans la feuille « ${r.sheets[0]} ».` });
      await store.reload();
    } catch (e) {
      setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
    } finally {
      setCreating(false);
    }
  };

  const onCotation = async () => {
    if (!cotation) return;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reference);
    const date = m ? makeDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (!date) {
      setCotationOutcome({ ok: false, message: "Date de référence invalide : choisissez une date (JJ/MM/AAAA).", sheets: [], elapsedMs: 0 });
      return;
    }
    setCoting(true);
    setCotationOutcome(null);
    try {
      setCotationOutcome(await cotation(date));
    } finally {
      setCoting(false);
    }
  };

  const onIssue = async (i: Issue) => {
    if (!i.cell) return;
    try {
      await port.selectCell(i.cell);
    } catch (e) {
      setNotice({ ok: false, text: e instanceof Error ? e.message : String(e) });
    }
  };

  const issues = register ? [...register.issues].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]) : [];
  const shown = issues.slice(0, MAX_ISSUES_SHOWN);
  const etapeLabels = register?.parameters.libelleEtape ?? ["Étape 1", "Étape 2"];

  return (
    <main className={s.root} aria-labelledby="spaser-title">
      <h1 id="spaser-title" className={s.h1}>
        Suivi du SPASER
      </h1>

      <section className={s.section} aria-labelledby="spaser-found">
        <h2 id="spaser-found" className={s.h2}>
          Données du classeur
        </h2>
        {!snap && <Spinner size="tiny" label="Lecture du classeur…" />}
        {snap && register && <Summary register={register} />}
        {snap && !register && (
          <>
            <MessageBar intent="warning">
              <MessageBarBody>
                <MessageBarTitle>Aucun registre des marchés</MessageBarTitle>
                {snap.message}
              </MessageBarBody>
            </MessageBar>
            <Button appearance="primary" onClick={onTemplate} disabled={busy}>
              Créer un registre modèle
            </Button>
            {creating && <Spinner size="tiny" label="Création du registre modèle…" />}
          </>
        )}
        {notice && (
          <MessageBar intent={notice.ok ? "success" : "error"} role={notice.ok ? "status" : "alert"}>
            <MessageBarBody>{notice.text}</MessageBarBody>
          </MessageBar>
        )}
      </section>

      {register && (
        <section className={s.section} aria-labelledby="spaser-refresh">
          <h2 id="spaser-refresh" className={s.h2}>
            Tableaux de bord
          </h2>
          <div className={s.row}>
            <Field label="Année de suivi">
              <Select
                id={yearId}
                value={snap?.year != null ? String(snap.year) : ""}
                onChange={(_, d) => store.setYear(d.value ? Number(d.value) : null)}
                disabled={busy || years.length === 0}
              >
                {years.length === 0 && <option value="">Aucune année</option>}
                {[...years].reverse().map((y) => (
                  <option key={y} value={String(y)}>
                    {y}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Étape de déploiement">
              <RadioGroup layout="horizontal" value={String(snap?.etape ?? 1)} onChange={(_, d) => store.setEtape(d.value === "2" ? 2 : 1)} disabled={busy}>
                <Radio value="1" label={etapeLabels[0]} />
                <Radio value="2" label={etapeLabels[1]} />
              </RadioGroup>
            </Field>
          </div>
          <Button appearance="primary" onClick={onRefresh} disabled={busy}>
            Actualiser les tableaux de bord
          </Button>
          <div aria-live="polite">
            {step && (
              <Field validationMessage={STEP_LABEL[step]} validationState="none">
                <ProgressBar aria-label="Actualisation en cours" value={step === "lecture" ? 0.15 : step === "calcul" ? 0.45 : 0.75} />
              </Field>
            )}
          </div>
          {outcome && (
            <MessageBar intent={outcome.ok ? "success" : "error"} role={outcome.ok ? "status" : "alert"}>
              <MessageBarBody>{outcome.message}</MessageBarBody>
            </MessageBar>
          )}
        </section>
      )}

      {register && cotation && (
        <section className={s.section} aria-labelledby="spaser-cotation">
          <h2 id="spaser-cotation" className={s.h2}>
            Cotation pour le comité (CAD)
          </h2>
          <p>
            Marchés récurrents {windowClause(register.parameters)}, avec les actions du SPASER applicables et leur potentiel
            durable. Les réponses et décisions saisies dans la feuille sont conservées.
          </p>
          <Field label="Date de référence">
            <Input type="date" value={reference} onChange={(_, d) => setReference(d.value)} disabled={busy} />
          </Field>
          <Button appearance="secondary" onClick={onCotation} disabled={busy}>
            Préparer la cotation CAD
          </Button>
          <div aria-live="polite">{coting && <Spinner size="tiny" label="Cotation en cours…" />}</div>
          {cotationOutcome && (
            <MessageBar intent={cotationOutcome.ok ? "success" : "error"} role={cotationOutcome.ok ? "status" : "alert"}>
              <MessageBarBody>{cotationOutcome.message}</MessageBarBody>
            </MessageBar>
          )}
        </section>
      )}

      {register && (
        <section className={s.section} aria-labelledby="spaser-issues">
          <h2 id="spaser-issues" className={s.h2}>
            Anomalies de saisie ({issues.length.toLocaleString("fr-FR")})
          </h2>
          {issues.length === 0 ? (
            <p>Aucune anomalie : toutes les cellules lues sont conformes.</p>
          ) : (
            <>
              <p>Choisissez une anomalie pour sélectionner sa cellule dans le classeur.</p>
              <ul className={s.list} aria-labelledby="spaser-issues">
                {shown.map((i, k) => (
                  <li key={k}>
                    <Button appearance="subtle" className={s.issue} onClick={() => onIssue(i)} disabled={!i.cell}>
                      {issueText(i)}
                    </Button>
                  </li>
                ))}
              </ul>
              {issues.length > shown.length && <p>… et {plural(issues.length - shown.length, "autre anomalie", "autres anomalies")} (corrigez les premières puis actualisez).</p>}
            </>
          )}
        </section>
      )}
    </main>
  );
}
