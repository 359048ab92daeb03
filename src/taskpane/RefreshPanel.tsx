/**
 * Year, step, entity and « Actualiser les tableaux de bord », with its progress and outcome. The
 * entity (a buyer of a joint SPASER) applies to the figures at the top of the pane, to the
 * dashboards written and to the cotation.
 */
import * as React from "react";
import { Button, Field, MessageBar, MessageBarBody, ProgressBar, Radio, RadioGroup, Select } from "@fluentui/react-components";
import type { RefreshOutcome, RefreshStep } from "../excel/refresh";
import { STEP_LABEL } from "../excel/refresh";
import type { Busy } from "../excel/lock";
import { useSectionStyles } from "./styles";

export interface RefreshPanelProps {
  years: number[];
  year: number | null;
  etape: 1 | 2;
  etapeLabels: [string, string];
  onYear: (y: number | null) => void;
  onEtape: (e: 1 | 2) => void;
  /** Buyers found in the register (« Entité » column), as first written; none: no choice shown. */
  entities: string[];
  /** The buyer chosen (null: every entity). */
  entity: string | null;
  onEntity: (e: string | null) => void;
  onRefresh: () => void;
  /** Step of the refresh this pane started. */
  step: RefreshStep | null;
  /** A task of the add-in running, started here or elsewhere (ribbon). */
  busy: Busy | null;
  disabled: boolean;
  outcome: RefreshOutcome | null;
}

export function busyText(b: Busy): string {
  const what = b.label.charAt(0).toUpperCase() + b.label.slice(1);
  return `${what} en cours${b.origin === "ruban" ? " (lancée depuis le ruban)" : ""} : patientez, le bouton sera de nouveau disponible à la fin.`;
}

export function RefreshPanel(p: RefreshPanelProps): React.ReactElement {
  const c = useSectionStyles();
  return (
    <section className={c.section} aria-labelledby="spaser-refresh">
      <h2 id="spaser-refresh" className={c.h2}>
        Tableaux de bord
      </h2>
      <div className={c.row}>
        <Field label="Année de suivi">
          <Select value={p.year != null ? String(p.year) : ""} onChange={(_, d) => p.onYear(d.value ? Number(d.value) : null)} disabled={p.disabled || p.years.length === 0}>
            {p.years.length === 0 && <option value="">Aucune année</option>}
            {[...p.years].reverse().map((y) => (
              <option key={y} value={String(y)}>
                {y}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Étape de déploiement">
          <RadioGroup layout="horizontal" value={String(p.etape)} onChange={(_, d) => p.onEtape(d.value === "2" ? 2 : 1)} disabled={p.disabled}>
            <Radio value="1" label={p.etapeLabels[0]} />
            <Radio value="2" label={p.etapeLabels[1]} />
          </RadioGroup>
        </Field>
        {(p.entities.length > 0 || p.entity !== null) && (
          <Field label="Entité">
            <Select value={p.entity ?? ""} onChange={(_, d) => p.onEntity(d.value ? d.value : null)} disabled={p.disabled}>
              <option value="">Toutes les entités</option>
              {p.entities.map((e) => (
                <option key={e} value={e}>
                  {e}
                </option>
              ))}
              {p.entity !== null && !p.entities.includes(p.entity) && <option value={p.entity}>{p.entity} (introuvable)</option>}
            </Select>
          </Field>
        )}
      </div>
      <Button appearance="primary" onClick={p.onRefresh} disabled={p.disabled}>
        Actualiser les tableaux de bord
      </Button>
      <div aria-live="polite">
        {p.step ? (
          <Field validationMessage={STEP_LABEL[p.step]} validationState="none">
            <ProgressBar aria-label="Actualisation en cours" value={p.step === "lecture" ? 0.15 : p.step === "calcul" ? 0.45 : 0.75} />
          </Field>
        ) : p.busy ? (
          <Field validationMessage={busyText(p.busy)} validationState="none">
            <ProgressBar aria-label={busyText(p.busy)} />
          </Field>
        ) : null}
      </div>
      {p.outcome && (
        <MessageBar intent={p.outcome.ok ? "success" : "error"} role={p.outcome.ok ? "status" : "alert"}>
          <MessageBarBody>{p.outcome.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
