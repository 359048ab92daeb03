/**
 * The page of the report's Office dialog: says « pret » to the pane, puts the pieces it receives
 * back together (src/report/transport.ts) and shows the page in a frame, with a button that prints
 * it (the browser's print also saves as PDF).
 * https://learn.microsoft.com/office/dev/add-ins/develop/dialog-api-in-office-add-ins#pass-information-to-the-dialog-box
 */
import { ReportAssembler } from "../report/transport";

function show(html: string): void {
  const frame = document.getElementById("rapport") as HTMLIFrameElement;
  frame.srcdoc = html;
  const status = document.getElementById("etat") as HTMLElement;
  status.textContent = "Rapport prêt.";
  (document.getElementById("imprimer") as HTMLButtonElement).disabled = false;
}

function start(): void {
  const assembler = new ReportAssembler();
  (document.getElementById("imprimer") as HTMLButtonElement).addEventListener("click", () => {
    (document.getElementById("rapport") as HTMLIFrameElement).contentWindow?.print();
  });
  Office.context.ui.addHandlerAsync(
    Office.EventType.DialogParentMessageReceived,
    (arg: { message: string }) => {
      const html = assembler.add(arg.message);
      if (html !== null) show(html);
    },
    () => Office.context.ui.messageParent("pret"),
  );
}

if (typeof Office !== "undefined") void Office.onReady(start);
