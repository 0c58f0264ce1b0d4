import { useEffect, useRef, useState } from "react";
import { hasErrors, NO_ERRORS, saveFailureOf, type CheckFailure, type FormErrors } from "../../model/connectionProblems";
import { focusFirstInvalid } from "./focus";

/**
 * One "Test and save" at a time: local problems stop it before any request; a 400 puts each message under its
 * field (and the cursor in the first), a 422 becomes the system's refusal in words, anything else a message.
 */
export function useTestAndSave(fieldNames: readonly string[]) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [failure, setFailure] = useState<CheckFailure | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  const form = useRef<HTMLFormElement>(null);
  const running = useRef(false);
  useEffect(() => {
    if (focusRequest > 0) focusFirstInvalid(form.current);
  }, [focusRequest]);

  const run = async <T,>(local: FormErrors, save: () => Promise<T>, onSaved: (saved: T) => void) => {
    if (running.current) return;
    setFailure(null);
    setProblem(null);
    if (hasErrors(local)) {
      setErrors(local);
      setFocusRequest((n) => n + 1);
      return;
    }
    setErrors(NO_ERRORS);
    running.current = true;
    setBusy(true);
    let saved: T;
    try {
      saved = await save();
    } catch (e) {
      const outcome = saveFailureOf(e, fieldNames);
      if (outcome.kind === "fields") {
        setErrors(outcome.errors);
        setFocusRequest((n) => n + 1);
      } else if (outcome.kind === "check") setFailure(outcome.failure);
      else setProblem(outcome.message);
      return;
    } finally {
      running.current = false;
      setBusy(false);
    }
    onSaved(saved);
  };

  /** Takes a field's message away once the user changes the field. */
  const clearCredentialError = (name: string) =>
    setErrors((current) => {
      if (!(name in current.credentials)) return current;
      const credentials = { ...current.credentials };
      delete credentials[name];
      return { ...current, credentials };
    });

  return { busy, errors, setErrors, failure, problem, form, run, clearCredentialError };
}
