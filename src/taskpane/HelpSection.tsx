/** Help: the worksheet functions, and why their names start with SPASER. */
import * as React from "react";
import { Accordion, AccordionHeader, AccordionItem, AccordionPanel, makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  p: { margin: "0 0 8px" },
  code: { fontFamily: "Consolas, 'Courier New', monospace" },
});

export function HelpSection(): React.ReactElement {
  const s = useStyles();
  const code = (t: string) => <code className={s.code}>{t}</code>;
  return (
    <Accordion collapsible aria-label="Aide">
      <AccordionItem value="fonctions">
        <AccordionHeader as="h2">Aide : fonctions de feuille de calcul</AccordionHeader>
        <AccordionPanel>
          <p className={s.p}>
            Dans une cellule : {code("=SPASER.TAUX(8)")} (taux de réalisation de l'action 8), {code('=SPASER.INDICATEUR("T1")')}, {code('=SPASER.CIBLE("T1")')},{" "}
            {code('=SPASER.STATUT("T1")')}, {code("=SPASER.ANNEES()")}. Elles se mettent à jour seules quand le registre change ; un indicateur non disponible donne #N/A
            avec sa raison.
          </p>
          <p className={s.p}>
            Les contrats derrière un chiffre : {code('=SPASER.CONTRATS("T1")')} donne la liste des N° marché du numérateur, qui se répand vers le bas ; le deuxième
            argument choisit {code('"dénominateur"')}, {code('"écartés"')} (contrats laissés hors du calcul faute d'une valeur connue) ou, pour un nombre,{" "}
            {code('"comptés"')}.
          </p>
          <p className={s.p}>
            Pour un SPASER commun à plusieurs acheteurs, le dernier argument choisit l'entité : {code('=SPASER.INDICATEUR("T1"; ; "Ville")')},{" "}
            {code('=SPASER.TAUX(8; ; ; "Métropole")')}. Sans lui, la formule porte sur tout le registre, quelle que soit l'entité choisie dans le volet.
          </p>
          <p className={s.p}>
            Pourquoi « SPASER. » devant ? Excel a sa propre fonction {code("TAUX")} (en anglais {code("RATE")}), qui calcule le taux d'intérêt d'un emprunt. Les
            fonctions du complément portent toujours le préfixe {code("SPASER.")} : {code("=TAUX(…)")} reste la fonction financière d'Excel, {code("=SPASER.TAUX(…)")}{" "}
            est celle du suivi du SPASER. Dans un Excel en anglais, la même formule s'affiche {code("=SPASER.RATE(8)")}.
          </p>
        </AccordionPanel>
      </AccordionItem>
    </Accordion>
  );
}
