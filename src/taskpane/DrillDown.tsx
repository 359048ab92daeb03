/**
 * « Les contrats derrière un chiffre »: choose an indicator (a Fluent UI v9 combobox: type to
 * filter, arrows and Entrée to choose), see its value, numerator, denominator and its contracts —
 * N° marché, objet, role, and why one was left out. Choosing a contract selects its row in the
 * register (its sheet and row as read; within the Excel table when the register is one).
 * The drill-down is computed when an indicator is chosen, not before (see store.ts).
 */
import * as React from "react";
import { Button, Combobox, Field, makeStyles, MessageBar, MessageBarBody, Option, Text, tokens } from "@fluentui/react-components";
import type { Snapshot } from "../functions/source";
import type { Contract, Register } from "../register/types";
import type { IndicatorResult, Results } from "../indicators/types";
import { contractNote, formatTarget, formatValue, frNumber, ownValuesText } from "../indicators/format";
import { contractLines, fold, plural } from "./text";
import { useSectionStyles } from "./styles";

/** Contracts listed at most (the others are counted, and =SPASER.CONTRATS gives them all). */
export const MAX_CONTRACTS_SHOWN = 200;

const useStyles = makeStyles({
  list: { listStyleType: "none", padding: 0, margin: 0, display: "flex", flexDirection: "column", rowGap: "2px" },
  item: { justifyContent: "flex-start", textAlign: "left", width: "100%", height: "auto", paddingTop: "4px", paddingBottom: "4px", fontWeight: tokens.fontWeightRegular },
  lines: { display: "flex", flexDirection: "column", rowGap: "1px", minWidth: 0 },
  id: { fontWeight: tokens.fontWeightSemibold },
  role: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  figures: { display: "grid", gridTemplateColumns: "fit-content(50%) 1fr", columnGap: "8px", rowGap: "2px", margin: 0 },
  dt: { fontWeight: tokens.fontWeightSemibold },
  dd: { margin: 0, overflowWrap: "anywhere" },
});

export interface DrillDownProps {
  snap: Snapshot;
  register: Register;
  /** The results shown at the top of the pane (year, step, entity), for the list of indicators. */
  results: Results;
  onSelectContract: (c: Contract) => void;
}

function count(n: number | null | undefined): string {
  return n === null || n === undefined ? "—" : frNumber(n, Number.isInteger(n) ? 0 : 2);
}

export function DrillDown({ snap, register, results, onSelectContract }: DrillDownProps): React.ReactElement {
  const s = useStyles();
  const c = useSectionStyles();
  const [chosen, setChosen] = React.useState<string | null>(null);
  const [text, setText] = React.useState("");
  const options = results.definitions.map((d) => ({ id: d.id, text: `${d.id} — ${results.indicators[d.id]?.label ?? d.label}` }));
  const wanted = fold(text);
  const shown = chosen && text === options.find((o) => o.id === chosen)?.text ? options : options.filter((o) => fold(o.text).includes(wanted));

  // The chosen indicator with its drill-down, for the year, step and entity shown above.
  let detailed: IndicatorResult | null = null;
  let failure: string | null = null;
  if (chosen) {
    try {
      detailed = snap.results(results.year, { detail: true })?.indicators[chosen] ?? null;
    } catch (e) {
      failure = e instanceof Error ? e.message : String(e);
    }
  }
  const byId = React.useMemo(() => new Map(register.contracts.map((x) => [x.id, x])), [register]);
  // One line per contract (or pair): up to the whole register, built once per figure shown.
  const lines = React.useMemo(() => (detailed ? contractLines(detailed) : null), [detailed]);

  return (
    <section className={c.section} aria-labelledby="spaser-drill">
      <h2 id="spaser-drill" className={c.h2}>
        Les contrats derrière un chiffre
      </h2>
      <Field label="Indicateur" hint="Tapez un identifiant ou un mot du libellé, puis choisissez.">
        <Combobox
          placeholder="Par exemple T1 ou A8.R1"
          value={text}
          selectedOptions={chosen ? [chosen] : []}
          onChange={(e) => setText(e.target.value)}
          onOptionSelect={(_, d) => {
            setChosen(d.optionValue ?? null);
            setText(d.optionText ?? "");
          }}
        >
          {shown.length === 0 ? (
            <Option key="none" value="" text="" disabled>
              Aucun indicateur ne correspond
            </Option>
          ) : (
            shown.map((o) => (
              <Option key={o.id} value={o.id} text={o.text}>
                {o.text}
              </Option>
            ))
          )}
        </Combobox>
      </Field>
      {failure && (
        <MessageBar intent="error" role="alert">
          <MessageBarBody>{failure}</MessageBarBody>
        </MessageBar>
      )}
      {detailed && (
        <div aria-live="polite" data-testid="drill-figures">
          <dl className={s.figures} aria-label={`${detailed.id}, ${results.year}`}>
            <dt className={s.dt}>Valeur {results.year}</dt>
            <dd className={s.dd}>{detailed.value === null ? `non disponible : ${detailed.reason ?? ""}` : formatValue(detailed)}</dd>
            {detailed.numerator !== undefined && (
              <>
                <dt className={s.dt}>Numérateur</dt>
                <dd className={s.dd}>{count(detailed.numerator)}</dd>
                <dt className={s.dt}>Dénominateur</dt>
                <dd className={s.dd}>{count(detailed.denominator)}</dd>
              </>
            )}
            {detailed.target !== undefined && (
              <>
                <dt className={s.dt}>Cible</dt>
                <dd className={s.dd}>
                  {formatTarget(detailed.target, detailed.unit)}
                  {detailed.status ? ` — ${detailed.status}` : ""}
                </dd>
              </>
            )}
            {detailed.comment ? (
              <>
                <dt className={s.dt}>Note</dt>
                <dd className={s.dd}>{detailed.comment.charAt(0).toUpperCase() + detailed.comment.slice(1)}</dd>
              </>
            ) : null}
            {detailed.excluded ? (
              <>
                <dt className={s.dt}>Écartés</dt>
                <dd className={s.dd}>{plural(detailed.excluded, "contrat (valeur inconnue)", "contrats (valeur inconnue)")}</dd>
              </>
            ) : null}
          </dl>
        </div>
      )}
      {detailed && !lines && <Text>{detailed.id} n'a pas de liste de contrats : sa valeur ne vient pas des lignes du registre des marchés.</Text>}
      {detailed && lines && lines.length === 0 && <Text>Aucun contrat.</Text>}
      {detailed && lines && lines.length > 0 && (
        <>
          <Text>
            {detailed.detail?.rows
              ? `${plural(lines.length, "ligne", "lignes")} de la feuille d'origine (feuille!ligne).`
              : `${plural(lines.length, "ligne", "lignes")} ; choisissez un contrat pour sélectionner sa ligne dans le registre.`}
          </Text>
          <ul className={s.list} aria-label={`Contrats de ${detailed.id}`}>
            {lines.slice(0, MAX_CONTRACTS_SHOWN).map((l, k) => {
              const contract = byId.get(l.id);
              const note = contract ? contractNote(contract) : null;
              const objet = `${contract?.objet ? ` · ${contract.objet}` : ""}${note ? ` · ${note}` : ""}`;
              // The values of the register's own columns the indicator reads (SPEC §8.1).
              const own = ownValuesText(register, results, detailed.id, contract);
              const role = own ? `${l.role} — ${own}` : l.role;
              return (
                <li key={k}>
                  <Button
                    appearance="subtle"
                    className={s.item}
                    disabled={!contract}
                    onClick={() => contract && onSelectContract(contract)}
                    aria-label={`${l.id}${contract?.objet ? `, ${contract.objet}` : ""} : ${role}${contract ? `. Sélectionner la ligne ${contract.row} de la feuille « ${contract.sheet} »` : ""}`}
                  >
                    <span className={s.lines}>
                      <span>
                        <span className={s.id}>{l.id}</span>
                        {objet}
                      </span>
                      <span className={s.role}>{role}</span>
                    </span>
                  </Button>
                </li>
              );
            })}
          </ul>
          {lines.length > MAX_CONTRACTS_SHOWN && (
            <Text>
              … et {plural(lines.length - MAX_CONTRACTS_SHOWN, "autre ligne", "autres lignes")} : la liste complète est donnée par {`=SPASER.CONTRATS("${detailed.id}")`} dans une cellule.
            </Text>
          )}
        </>
      )}
    </section>
  );
}
