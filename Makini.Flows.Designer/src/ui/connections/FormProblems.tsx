/** Messages that belong to no field of the form (an unknown pointer, a server error). */
export function FormProblems({ messages }: { messages: readonly (string | null)[] }) {
  const shown = messages.filter((m): m is string => !!m);
  if (shown.length === 0) return null;
  return (
    <pre className="error-box" role="alert">
      {shown.join("\n")}
    </pre>
  );
}
