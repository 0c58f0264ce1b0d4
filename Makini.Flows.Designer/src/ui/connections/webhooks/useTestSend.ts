import { useEffect, useRef, useState } from "react";
import type { Api } from "../../../api/client";
import { describeError } from "../../../api/problem";
import type { WebhookDeliveryDetail } from "../../../api/webhookTypes";
import { TEST_POLL_MS, TEST_POLLS, deliverySettled } from "../../../model/webhookDelivery";

export type TestSendState =
  | { phase: "idle" }
  | { phase: "sending"; eventType: string }
  | { phase: "waiting" | "done"; eventType: string; detail: WebhookDeliveryDetail | null }
  | { phase: "error"; eventType: string; error: string };

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends a sample event of one type to an endpoint, then reads its delivery every second until it is delivered,
 * failed or cancelled (or TEST_POLLS reads have passed). A new send, or leaving the page, stops the previous one.
 */
export function useTestSend(api: Api, connectionId: string, endpointId: string) {
  const [state, setState] = useState<TestSendState>({ phase: "idle" });
  const current = useRef(0);
  useEffect(
    () => () => {
      current.current++;
    },
    [],
  );

  const send = async (eventType: string) => {
    const mine = ++current.current;
    setState({ phase: "sending", eventType });
    try {
      const { deliveryId } = await api.testConnectionWebhook(connectionId, endpointId, eventType);
      if (current.current !== mine) return;
      setState({ phase: "waiting", eventType, detail: null });
      for (let read = 1; ; read++) {
        await delay(TEST_POLL_MS);
        if (current.current !== mine) return;
        const detail = await api.webhookDelivery(deliveryId);
        if (current.current !== mine) return;
        const over = deliverySettled(detail) || read >= TEST_POLLS;
        setState({ phase: over ? "done" : "waiting", eventType, detail });
        if (over) return;
      }
    } catch (e) {
      if (current.current === mine) setState({ phase: "error", eventType, error: describeError(e) });
    }
  };

  return { state, send };
}
