import { useEffect, useRef } from "react";

export interface Shortcuts {
  undo: () => void;
  redo: () => void;
  copy: () => void;
  cut: () => void;
  paste: () => void;
  remove: () => void;
  selectAll: () => void;
  save: () => void;
}

function typingIn(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  if (!element) return false;
  return element.tagName === "INPUT" || element.tagName === "TEXTAREA" || element.tagName === "SELECT" || element.isContentEditable;
}

/** The designer's keyboard: Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y), Ctrl+C/X/V, Delete, Ctrl+A, Ctrl+S. */
export function useShortcuts(shortcuts: Shortcuts): void {
  const ref = useRef(shortcuts);
  ref.current = shortcuts;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === "s") {
        e.preventDefault();
        ref.current.save();
        return;
      }
      if (typingIn(e.target)) return;
      const s = ref.current;
      if (mod && key === "z") s[e.shiftKey ? "redo" : "undo"]();
      else if (mod && key === "y") s.redo();
      else if (mod && key === "c") s.copy();
      else if (mod && key === "x") s.cut();
      else if (mod && key === "v") s.paste();
      else if (mod && key === "a") s.selectAll();
      else if (key === "delete" || key === "backspace") s.remove();
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}
