import { HONEYPOT_FIELD } from '../http/honeypot-field.js';

/**
 * A trap field for form-filling bots: a text input people never see (moved off-screen by the `honeypot` class, out
 * of the tab order, hidden from assistive technology, no autofill). Anything typed into it marks the post as a bot's;
 * src/http/honeypot.ts checks it.
 */
export function Honeypot() {
  return (
    <div class="honeypot" aria-hidden="true">
      <label for={`field-${HONEYPOT_FIELD}`}>Leave this field empty</label>
      <input id={`field-${HONEYPOT_FIELD}`} type="text" name={HONEYPOT_FIELD} value="" tabindex={-1} autocomplete="off" />
    </div>
  );
}
