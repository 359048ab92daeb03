/**
 * Validation against the official schema of the DECP 2024 format (schema_decp_v2.0.3.json, JSON
 * Schema draft-07, copied from 139bercy/format-commande-publique) by Ajv, a maintained validator.
 * The schema uses no `format` keyword: Ajv alone checks all of it.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import schema from "./schema_decp_v2.0.3.json";

export const SCHEMA_VERSION = "2.0.3";

let compiled: { document: ValidateFunction; marche: ValidateFunction; concession: ValidateFunction } | null = null;

/** The compiled schema, once: the document, and a record of each list. */
function validators(): NonNullable<typeof compiled> {
  if (!compiled) {
    // Not strict: the official schema puts `type` beside `$ref` and `uniqueItems` on an object,
    // which strict mode refuses although draft-07 allows them.
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(schema, "decp");
    const get = (ref: string) => {
      const v = ajv.getSchema(ref);
      if (!v) throw new Error(`schéma DECP : définition ${ref} introuvable`);
      return v;
    };
    compiled = { document: get("decp"), marche: get("decp#/definitions/marche"), concession: get("decp#/definitions/contrat-concession") };
  }
  return compiled;
}

/** A schema error in French: where, and what the schema expects. */
export function schemaErrorText(e: ErrorObject): string {
  const at = e.instancePath ? e.instancePath.slice(1).replace(/\//g, ".") : "l'enregistrement";
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "required":
      return `${at} : champ obligatoire « ${String(p.missingProperty)} » absent`;
    case "additionalProperties":
      return `${at} : champ « ${String(p.additionalProperty)} » inconnu du format`;
    case "enum":
      return `${at} : valeur hors de la liste du format (${(p.allowedValues as unknown[]).map((v) => `« ${String(v)} »`).join(", ")})`;
    case "type":
      return `${at} : type ${String(p.type)} attendu`;
    case "pattern":
      return `${at} : forme attendue ${String(p.pattern)}`;
    case "maxLength":
      return `${at} : ${String(p.limit)} caractères au plus`;
    case "minLength":
      return `${at} : vide`;
    case "minimum":
      return `${at} : au moins ${String(p.limit)}`;
    case "maximum":
      return `${at} : au plus ${String(p.limit)}`;
    case "minItems":
      return `${at} : au moins ${String(p.limit)} élément(s)`;
    case "uniqueItems":
      return `${at} : éléments en double`;
    default:
      return `${at} : ${e.message ?? e.keyword}`;
  }
}

function errorsOf(v: ValidateFunction): string[] {
  return (v.errors ?? []).map(schemaErrorText);
}

/** The schema's errors on one record of `marches.marche` or `marches.contrat-concession` (none: valid). */
export function recordErrors(record: unknown, concession: boolean): string[] {
  const { marche, concession: cc } = validators();
  const v = concession ? cc : marche;
  return v(record) ? [] : errorsOf(v);
}

/** The schema's errors on a whole document (none: valid). */
export function documentErrors(doc: unknown): string[] {
  const v = validators().document;
  return v(doc) ? [] : errorsOf(v);
}
