import { useCallback, useEffect, useState } from "react";
import type { Api } from "../../../api/client";
import type { EntityMapping } from "../../../api/mappingTypes";
import { describeError } from "../../../api/problem";
import { draftOf, EMPTY_DRAFT, type MappingDraft } from "../../../model/mappingDraft";

/**
 * One entity's mapping as the server has it, and the draft edited from it. Loading (again, after a save, a
 * revert or a reset) replaces the draft with the saved document and bumps `generation`.
 */
export function useEntityMapping(api: Api, connectionId: string, entity: string) {
  const [mapping, setMapping] = useState<EntityMapping | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [draft, setDraft] = useState<MappingDraft>(EMPTY_DRAFT);
  const [generation, setGeneration] = useState(0);

  const reload = useCallback(async () => {
    try {
      const loaded = await api.entityMapping(connectionId, entity);
      setMapping(loaded);
      setDraft(draftOf(loaded.document));
      setGeneration((g) => g + 1);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  }, [api, connectionId, entity]);
  useEffect(() => void reload(), [reload]);

  /** A change to the draft that the open field editors did not make themselves (undo): they start again. */
  const replaceDraft = useCallback((next: MappingDraft) => {
    setDraft(next);
    setGeneration((g) => g + 1);
  }, []);

  return { mapping, error, draft, setDraft, replaceDraft, generation, reload };
}
