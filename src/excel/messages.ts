/** French messages for what Excel may answer when the add-in reads or writes the workbook. */

interface OfficeLikeError {
  code?: string;
  message?: string;
  debugInfo?: { code?: string; message?: string; errorLocation?: string };
}

const BY_CODE: Record<string, string> = {
  AccessDenied: "le classeur ou une feuille est protégé, ou le classeur est ouvert en lecture seule",
  InvalidOperationInCellEditMode: "une cellule est en cours de modification : validez la saisie (Entrée) puis recommencez",
  RequestPayloadSizeLimitExceeded: "les données échangées avec Excel dépassent la taille autorisée",
  PayloadTooLarge: "les données échangées avec Excel dépassent la taille autorisée",
  ItemAlreadyExists: "un nom de feuille ou de tableau est déjà utilisé",
  ItemNotFound: "une feuille ou un tableau a été supprimé ou renommé entre-temps",
  InsertDeleteConflict: "l'opération entre en conflit avec des cellules fusionnées ou un tableau",
  Conflict: "le classeur a été modifié en même temps par une autre personne",
  ActivityLimitReached: "Excel a atteint sa limite d'activité : réessayez dans un instant",
  RequestAborted: "Excel a interrompu la demande",
  ServiceNotAvailable: "Excel n'est pas disponible pour le moment",
  Unauthenticated: "la session Microsoft 365 a expiré : reconnectez-vous",
  NotImplemented: "cette version d'Excel ne prend pas en charge l'opération demandée",
  ApiNotFound: "cette version d'Excel ne prend pas en charge l'opération demandée",
};

/** Why Excel refused, in French, from an OfficeExtension.Error or any other error. */
export function describeExcelError(e: unknown): string {
  const err = (e ?? {}) as OfficeLikeError;
  const code = err.code ?? err.debugInfo?.code;
  if (code && BY_CODE[code]) return BY_CODE[code];
  const text = err.message ?? (typeof e === "string" ? e : "");
  return text ? `Excel a répondu : ${text}` : "erreur inconnue d'Excel";
}
