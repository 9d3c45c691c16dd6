// The one way a view shows what went wrong with what the user just asked for: announced to
// screen readers (role="alert"), nothing rendered when there is no problem.
export function FormProblem({ problem }: { problem: string | null | undefined }) {
  if (!problem) return null;
  return (
    <p className="form-problem" role="alert">
      {problem}
    </p>
  );
}
