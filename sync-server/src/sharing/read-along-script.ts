/**
 * Where the share page's one script is served, from the server's own origin: the page's policy
 * lets scripts come from there and nowhere else, and no script is written into the page itself.
 */
export const READ_ALONG_SCRIPT_PATH = '/s/read-along.js';

/**
 * Lights each word of a narrated page as it is said. Each "Listen" button names its audio
 * (`data-audio`), whose page's words carry when each begins (`data-start-ms`); the
 * light follows `audio.currentTime` frame by frame, as a class (underlined and shaded) and
 * `aria-current`. Without this script the page still plays each narration by its own controls,
 * so the controls are swapped for the button only here. One page plays at a time.
 */
export const READ_ALONG_SCRIPT = `'use strict';
(() => {
  const players = [];
  for (const button of document.querySelectorAll('button.listen[data-audio]')) {
    const audio = document.getElementById(button.dataset.audio);
    if (!(audio instanceof HTMLAudioElement)) continue;
    const words = Array.from(document.querySelectorAll('.words[data-audio="' + CSS.escape(button.dataset.audio) + '"] .word'));
    const starts = words.map((word) => Number(word.dataset.startMs));
    let lit = -1;
    let frame = 0;
    const light = (index) => {
      if (index === lit) return;
      if (lit >= 0) {
        words[lit].classList.remove('said');
        words[lit].removeAttribute('aria-current');
      }
      lit = index;
      if (lit >= 0) {
        words[lit].classList.add('said');
        words[lit].setAttribute('aria-current', 'true');
      }
    };
    // The word being said is the last one begun: it stays lit through the pause after it.
    const wordAt = (ms) => {
      let index = -1;
      while (index + 1 < starts.length && starts[index + 1] <= ms) index += 1;
      return index;
    };
    const follow = () => {
      light(wordAt(audio.currentTime * 1000));
      frame = audio.paused || audio.ended ? 0 : requestAnimationFrame(follow);
    };
    const label = (playing) => {
      button.textContent = playing ? 'Pause' : 'Listen';
      button.setAttribute('aria-label', playing ? button.dataset.pauseLabel : button.dataset.listenLabel);
    };
    audio.addEventListener('play', () => {
      for (const other of players) if (other !== audio) other.pause();
      label(true);
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(follow);
    });
    audio.addEventListener('pause', () => {
      label(false);
      cancelAnimationFrame(frame);
      light(wordAt(audio.currentTime * 1000));
    });
    audio.addEventListener('ended', () => light(-1));
    button.addEventListener('click', () => {
      if (audio.paused) audio.play().catch(() => label(false));
      else audio.pause();
    });
    players.push(audio);
    audio.controls = false;
    button.hidden = false;
  }
})();
`;
