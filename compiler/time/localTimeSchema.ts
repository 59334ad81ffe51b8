/** The schema of a local date and time as the inventory writes it (maintenance windows, change freezes): `2026-03-29T02:00`, in a time zone named beside it. */
import { z } from "zod";
import { parseLocal } from "./zonedTime";

/** `example` is shown in the message, a time that suits the file (a freeze's midnight, a maintenance night). */
export const localTimeSchema = (example: string) =>
  z.string().refine((v) => parseLocal(v) !== undefined, {
    error: `must be a local date and time such as "${example}" (no seconds, no offset: the time zone says which)`,
  });
