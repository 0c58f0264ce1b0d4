/** Puts the cursor in the first field marked invalid inside a form. */
export function focusFirstInvalid(form: HTMLElement | null): void {
  form?.querySelector<HTMLElement>("[aria-invalid='true']")?.focus();
}
