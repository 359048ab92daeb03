/**
 * Opens the annual report in an Office dialog (report.html, same domain as the pane) and sends it
 * the page once the dialog says it is ready. `messageChild` needs DialogApi 1.2.
 * https://learn.microsoft.com/office/dev/add-ins/develop/dialog-api-in-office-add-ins
 * https://learn.microsoft.com/javascript/api/office/office.dialog#office-office-dialog-messagechild-member(1)
 * Error codes: https://learn.microsoft.com/office/dev/add-ins/develop/dialog-handle-errors-events
 */
import { reportMessages } from "../report/transport";

/** French words for the errors displayDialogAsync documents. */
export function dialogErrorText(code: number): string {
  switch (code) {
    case 12004:
      return "l'adresse de la fenêtre n'est pas dans le domaine du complément";
    case 12005:
      return "l'adresse de la fenêtre n'est pas en HTTPS";
    case 12007:
      return "une fenêtre du complément est déjà ouverte : fermez-la puis réessayez";
    case 12009:
      return "la fenêtre a été bloquée ou refusée : autorisez l'ouverture de fenêtres pour le complément";
    default:
      return `erreur ${code}`;
  }
}

export function openReportDialog(html: string): Promise<void> {
  if (typeof Office === "undefined" || !Office.context?.ui || !Office.context.requirements.isSetSupported("DialogApi", "1.2")) {
    return Promise.reject(new Error("Cette version d'Office ne peut pas afficher le rapport dans une fenêtre (DialogApi 1.2) : produisez-le avec la ligne de commande « spaser rapport FICHIER »."));
  }
  const url = new URL("report.html", window.location.href).href;
  return new Promise((resolve, reject) => {
    Office.context.ui.displayDialogAsync(url, { height: 85, width: 75, displayInIframe: true }, (r) => {
      if (r.status === Office.AsyncResultStatus.Failed) {
        reject(new Error(`Le rapport n'a pas pu s'ouvrir : ${dialogErrorText(r.error.code)}.`));
        return;
      }
      const dialog = r.value;
      dialog.addEventHandler(Office.EventType.DialogMessageReceived, (arg) => {
        if ("message" in arg && arg.message === "pret") for (const m of reportMessages(html)) dialog.messageChild(m);
      });
      resolve();
    });
  });
}
