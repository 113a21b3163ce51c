// The review page's keyboard (workbench/ui/keyboard.py): shortcuts, insertion at the cursor,
// unsaved marks, the warning before leaving with unsaved text, and the cursor put where the
// page says after a move. Installed once per browser tab; each run of the page hands it the
// page's editors and shortcuts in `data`. Text from the page is only ever inserted as text.
export default function (component) {
  const wb = (window.workbenchKeys = window.workbenchKeys || { seq: 0, focused: null, nonce: null });
  wb.component = component;
  const focus = component.data.focus;
  if (focus && focus.nonce !== wb.nonce) {
    wb.nonce = focus.nonce;
    const typing = document.activeElement && editorOf(document.activeElement);
    if (!(focus.unlessTyping && typing)) {
      wb.pending = { editor: focus.editor, until: Date.now() + 5000 };
    }
  }
  if (!wb.installed) {
    wb.installed = true;
    document.addEventListener("keydown", onKey, true);
    document.addEventListener("input", onInput, true);
    document.addEventListener("focusin", onFocus, true);
    document.addEventListener("mousedown", keepFocus, true);
    document.addEventListener("click", onClick, true);
    window.addEventListener("beforeunload", onLeave);
    new MutationObserver(settle).observe(document.body, { childList: true, subtree: true });
  }
  settle();

  function editorOf(element) {
    const box = element && element.closest && element.closest("[class*='st-key-edit-']");
    if (!box) return null;
    const name = [...box.classList].find((c) => c.startsWith("st-key-edit-"));
    return name in wb.component.data.editors ? name : null;
  }

  function textarea(editor) {
    return editor && document.querySelector(`.${editor} textarea`);
  }

  function combo(event) {
    let key = event.code.replace(/^Key/, "").replace(/^Digit/, "").replace(/^NumpadEnter$/, "Enter");
    if (/^[1-9]$/.test(key)) key = "1…9";
    if (key === "ArrowUp") key = "↑";
    if (key === "ArrowDown") key = "↓";
    return (event.ctrlKey ? "Ctrl+" : "") + (event.altKey ? "Alt+" : "") +
      (event.shiftKey ? "Shift+" : "") + key;
  }

  function onKey(event) {
    const action = wb.component.data.shortcuts[combo(event)];
    const editor = editorOf(event.target) || wb.component.data.current;
    if (!action || !editor) return;
    event.preventDefault();
    event.stopPropagation();
    const info = wb.component.data.editors[editor];
    const number = Number(event.code.replace(/^Digit/, "")) - 1;
    if (action === "term") insert(editor, info.terms[number], false);
    else if (action === "match") insert(editor, info.matches[number], true);
    else if (action === "source") insert(editor, info.source, false);
    else send(action, editor);
  }

  function send(action, editor) {
    const box = textarea(editor);
    if (box) box.closest("[class*='st-key-edit-']").classList.remove("wb-dirty");
    wb.seq += 1;
    wb.component.setTriggerValue("action", {
      name: action, editor: editor, text: box ? box.value : null, seq: wb.seq,
    });
  }

  // Insert `text` at the editor's cursor (or replace all of it), as typing would: the page
  // sees the change and the browser's undo keeps it.
  function insert(editor, text, replaceAll) {
    const box = textarea(editor);
    if (!box || text === undefined || text === null) return;
    box.focus();
    if (wb.focused && wb.focused.editor === editor && !replaceAll) {
      box.setSelectionRange(wb.focused.start, wb.focused.end);
    }
    if (replaceAll) box.select();
    document.execCommand("insertText", false, text);
  }

  function onInput(event) {
    const editor = editorOf(event.target);
    if (editor) event.target.closest("[class*='st-key-edit-']").classList.add("wb-dirty");
  }

  function onFocus(event) {
    const editor = editorOf(event.target);
    if (!editor) return;
    if (wb.pending && wb.pending.editor !== editor) wb.pending = null;  // the user chose a box
    const box = event.target;
    const remember = () => {
      wb.focused = { editor: editor, start: box.selectionStart, end: box.selectionEnd };
    };
    remember();
    box.onkeyup = box.onmouseup = box.onselect = remember;
  }

  // A click on an element with data-wb-insert puts its text at the cursor of its editor
  // (which keeps the focus: pressing the chip does not take it).
  function keepFocus(event) {
    if (event.target.closest && event.target.closest("[data-wb-insert]")) event.preventDefault();
  }

  function onClick(event) {
    const chip = event.target.closest && event.target.closest("[data-wb-insert]");
    if (!chip) return;
    event.preventDefault();
    insert(chip.dataset.wbEditor, chip.dataset.wbInsert, chip.dataset.wbReplace === "1");
  }

  function onLeave(event) {
    if (document.querySelector(".wb-dirty, .wb-unsaved")) {
      event.preventDefault();
      event.returnValue = "";
    }
  }

  // After each change of the page: the editors are the only Tab stops of the list, and the
  // cursor goes where the page asked (scrolling it into view).
  function settle() {
    document.querySelectorAll("[class*='st-key-row-'] button").forEach((button) => {
      button.tabIndex = -1;
    });
    if (!wb.pending) return;
    const box = textarea(wb.pending.editor);
    if (box && !box.disabled) {
      wb.pending = null;
      box.focus();
      box.setSelectionRange(box.value.length, box.value.length);
      box.scrollIntoView({ block: "center" });
    } else if (Date.now() > wb.pending.until) {
      wb.pending = null;
    }
  }
}
