/** The asterisk beside a required field's label (outside the label, so the field's name stays its label; inputs say aria-required). */
export function RequiredMark() {
  return (
    <span className="required-mark" aria-hidden="true" title="required">
      *
    </span>
  );
}
