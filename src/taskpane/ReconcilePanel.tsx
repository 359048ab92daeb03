/**
 * « Rapprochement avec la DECP »: the register read in the workbook compared with a DECP file
 * (JSON) the user chooses in the pane — read in the browser (FileReader, no upload, nothing written
 * in the workbook), then the same comparison as `spaser rapprochement` (src/decp/reconcile.ts): one
 * line per difference with both values, the count last. A line about a contract of the register
 * selects its row. The entity chosen in the pane applies; the year only when the box is ticked.
 */
import * as React from "react";
import { Button, Checkbox, Label, makeStyles, MessageBar, MessageBarBody, Spinner, Text, tokens, useId } from "@fluentui/react-components";
import type { Register } from "../register/types";
import { contractsOfEntity } from "../indicators/engine";
import { readDecpBytes } from "../decp/reconcile-input";
import type { Difference } from "../decp/reconcile";
import { buyersWords, COMPARISON_TEXT, countWords, MATCHING_RULE_TEXT, matchedWords, notRequiredWords, otherBuyersWords, reconcile } from "../decp/reconcile";
import { plural } from "./text";
import { useSectionStyles } from "./styles";

/** Differences listed at most (the others are counted; the command line gives them all). */
export const MAX_DIFFERENCES_SHOWN = 200;

const useStyles = makeStyles({
  list: { listStyleType: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", rowGap: "2px" },
  item: { justifyContent: "flex-start", textAlign: "left", width: "100%", height: "auto", paddingTop: "4px", paddingBottom: "4px", fontWeight: tokens.fontWeightRegular, overflowWrap: "anywhere" },
  text: { display: "block", paddingTop: "4px", paddingBottom: "4px", paddingLeft: "12px", overflowWrap: "anywhere" },
  note: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  file: { maxWidth: "100%" },
  count: { fontWeight: tokens.fontWeightSemibold },
});

/** The bytes of a file chosen in the pane, through FileReader (no Node). */
export function readChosenFile(file: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error("lecture impossible"));
    reader.readAsArrayBuffer(file);
  });
}

export interface ReconcilePanelProps {
  register: Register;
  /** The year chosen in the pane (offered as a restriction). */
  year: number | null;
  /** The buyer chosen in the pane (null: every entity). */
  entity: string | null;
  onSelectRow: (sheet: string, row: number) => void;
  disabled: boolean;
}

interface Loaded {
  name: string;
  decp: Register;
}

export function ReconcilePanel({ register, year, entity, onSelectRow, disabled }: ReconcilePanelProps): React.ReactElement {
  const s = useStyles();
  const c = useSectionStyles();
  const inputId = useId("spaser-decp-file");
  const [loaded, setLoaded] = React.useState<Loaded | null>(null);
  const [reading, setReading] = React.useState(false);
  const [problem, setProblem] = React.useState<string | null>(null);
  const [yearOnly, setYearOnly] = React.useState(false);

  const onFile = async (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setReading(true);
    setProblem(null);
    setLoaded(null);
    try {
      const bytes = await readChosenFile(file);
      setLoaded({ name: file.name, decp: readDecpBytes(bytes, file.name) });
    } catch (err) {
      setProblem(err instanceof Error ? `${err.message}` : String(err));
    } finally {
      setReading(false);
    }
  };

  // The comparison follows the register read, the entity and the year chosen.
  const result = React.useMemo(() => {
    if (!loaded) return null;
    let contracts = register.contracts;
    let scope: string | null = null;
    if (entity !== null) {
      try {
        const e = contractsOfEntity(register, entity);
        contracts = e.contracts;
        scope = e.name;
      } catch {
        scope = null;
      }
    }
    const useYear = yearOnly && year !== null;
    return { r: reconcile(register, loaded.decp, { contracts, ...(useYear ? { year } : {}) }), scope, year: useYear ? year : null };
  }, [loaded, register, entity, yearOnly, year]);

  const line = (d: Difference, k: number) => {
    if (d.sheet !== null && d.row !== null) {
      const [sheet, row] = [d.sheet, d.row];
      return (
        <li key={k}>
          <Button appearance="subtle" className={s.item} onClick={() => onSelectRow(sheet, row)} aria-label={`${d.message}. Sélectionner la ligne ${row} de la feuille « ${sheet} »`}>
            {d.message}
          </Button>
        </li>
      );
    }
    return (
      <li key={k}>
        <Text className={s.text}>{d.message}</Text>
      </li>
    );
  };

  const r = result?.r;
  const notes = r ? [notRequiredWords(r), otherBuyersWords(r), ...r.notCompared].filter((x): x is string => x !== null) : [];
  return (
    <section className={c.section} aria-labelledby="spaser-reconcile">
      <h2 id="spaser-reconcile" className={c.h2}>
        Rapprochement avec la DECP
      </h2>
      <p className={c.p}>
        Comparez le registre avec les données essentielles publiées (DECP, fichier JSON) : contrats d'un seul côté, montant, date de notification, procédure,
        considérations sociales et environnementales. Le fichier est lu dans le volet, rien n'est écrit dans le classeur.
      </p>
      <Label htmlFor={inputId}>Fichier DECP publié (.json)</Label>
      <input id={inputId} className={s.file} type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} disabled={disabled || reading} />
      {year !== null && <Checkbox checked={yearOnly} onChange={(_, d) => setYearOnly(d.checked === true)} label={`Seulement les contrats notifiés en ${year}`} disabled={disabled} />}
      <div aria-live="polite">{reading && <Spinner size="tiny" label="Lecture du fichier DECP…" />}</div>
      {problem && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {loaded && r && result && (
        <div className={c.section} data-testid="reconcile-result">
          <Text>
            {[`« ${loaded.name} »`, ...(result.year !== null ? [`contrats notifiés en ${result.year}`] : []), ...(result.scope ? [`entité « ${result.scope} »`] : [])].join(", ")} :{" "}
            {plural(r.registerContracts, "marché notifié", "marchés notifiés")} au registre, {plural(r.decpContracts, "contrat publié", "contrats publiés")}
            {buyersWords(r)} ; {matchedWords(r)}.
          </Text>
          <p className={s.note}>{MATCHING_RULE_TEXT}</p>
          <p className={s.note}>{COMPARISON_TEXT}</p>
          {r.differences.length > 0 && (
            <ul className={s.list} aria-label="Écarts entre le registre et la DECP">
              {r.differences.slice(0, MAX_DIFFERENCES_SHOWN).map(line)}
            </ul>
          )}
          {r.differences.length > MAX_DIFFERENCES_SHOWN && (
            <Text>
              … et {plural(r.differences.length - MAX_DIFFERENCES_SHOWN, "autre écart", "autres écarts")} : la liste complète est donnée par la commande « spaser rapprochement ».
            </Text>
          )}
          {notes.map((n, k) => (
            <p key={k} className={s.note}>
              {n}.
            </p>
          ))}
          <Text className={s.count} role="status">
            {countWords(r.differences.length)}
          </Text>
        </div>
      )}
    </section>
  );
}
