/** « Préparer la cotation CAD »: recurrent contracts in the window of Paramètres before their next award. */
import * as React from "react";
import { Button, Field, Input, MessageBar, MessageBarBody, Spinner } from "@fluentui/react-components";
import type { RefreshOutcome } from "../excel/refresh";
import type { DateValue, Parameters } from "../register/types";
import { windowClause } from "../indicators/cotation";
import { makeDate } from "../register/values";
import { useSectionStyles } from "./styles";
import { isoDay } from "./text";

export interface CotationPanelProps {
  cotation: (reference: DateValue) => Promise<RefreshOutcome>;
  /** The workbook's parameters: the cotation window comes from them. */
  parameters: Parameters;
  today: () => Date;
  disabled: boolean;
  /** Tells the parent a cotation runs (the other buttons wait). */
  onRunning: (running: boolean) => void;
  /** Ids of the contracts whose CAD decision waits for its renewal (SPEC §9). */
  pending?: readonly string[];
}

export function CotationPanel({ cotation, parameters, today, disabled, onRunning, pending = [] }: CotationPanelProps): React.ReactElement {
  const c = useSectionStyles();
  const [reference, setReference] = React.useState(() => isoDay(today()));
  const [running, setRunning] = React.useState(false);
  const [outcome, setOutcome] = React.useState<RefreshOutcome | null>(null);

  const onClick = async () => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(reference);
    const date = m ? makeDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
    if (!date) {
      setOutcome({ ok: false, message: "Date de référence invalide : choisissez une date (JJ/MM/AAAA).", sheets: [], elapsedMs: 0 });
      return;
    }
    setRunning(true);
    onRunning(true);
    setOutcome(null);
    try {
      setOutcome(await cotation(date));
    } finally {
      setRunning(false);
      onRunning(false);
    }
  };

  return (
    <section className={c.section} aria-labelledby="spaser-cotation">
      <h2 id="spaser-cotation" className={c.h2}>
        Cotation pour le comité (CAD)
      </h2>
      <p className={c.p}>
        Marchés récurrents {windowClause(parameters)}, avec les actions du SPASER applicables et leur potentiel durable. Les
        réponses et décisions saisies dans la feuille sont conservées.
      </p>
      {pending.length > 0 && (
        <p className={c.p} role="note">
          {pending.length} décision{pending.length > 1 ? "s" : ""} en attente de renouvellement (marché de renouvellement pas encore au registre) :{" "}
          {pending.slice(0, 20).join(", ")}
          {pending.length > 20 ? ` … (${pending.length - 20} de plus)` : ""}. Elles compteront dans A1.E1 de l'année du renouvellement.
        </p>
      )}
      <Field label="Date de référence">
        <Input type="date" value={reference} onChange={(_, d) => setReference(d.value)} disabled={disabled || running} />
      </Field>
      <Button appearance="secondary" onClick={onClick} disabled={disabled || running}>
        Préparer la cotation CAD
      </Button>
      <div aria-live="polite">{running && <Spinner size="tiny" label="Cotation en cours…" />}</div>
      {outcome && (
        <MessageBar intent={outcome.ok ? "success" : "error"} role={outcome.ok ? "status" : "alert"}>
          <MessageBarBody>{outcome.message}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
