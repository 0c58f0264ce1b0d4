import { useEffect, useState } from "react";
import type { Api } from "../api/client";
import { describeError } from "../api/problem";
import type { FlowProblem } from "../api/types";

/** The server's problems for the flow text, checked again 400 ms after the last change. */
export function useValidation(api: Api, json: string) {
  const [problems, setProblems] = useState<FlowProblem[]>([]);
  const [checking, setChecking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stale = false;
    setChecking(true);
    const timer = setTimeout(() => {
      api.validate(json).then(
        (result) => {
          if (stale) return;
          setProblems(result.problems);
          setError(null);
          setChecking(false);
        },
        (e) => {
          if (stale) return;
          setError(describeError(e));
          setChecking(false);
        },
      );
    }, 400);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [api, json]);
  return { problems, checking, error };
}
